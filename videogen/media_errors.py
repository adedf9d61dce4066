"""The error of a provider's file that we refused, whether while downloading it (videogen.download) or reading it
(videogen.media): one class, so the pipeline handles both the same way."""


class MediaError(Exception):
    """A download or a media file was refused. `message` is for a therapist; `retryable` says if trying again helps."""

    def __init__(self, message: str, *, retryable: bool = False, detail: str = ""):
        super().__init__(message)
        self.message = message
        self.retryable = retryable
        self.detail = detail

"""The media storage on S3 as settings.py builds it, and the origins the Content-Security-Policy allows for it.

Plain functions of their arguments (no Django), so tests build the same storage and policy as settings.py does."""

from urllib.parse import urlsplit


def s3_storage(*, bucket_name: str, endpoint_url, region_name, access_key, secret_key, max_age: int) -> dict:
    """The media storage on S3: objects written private, never overwritten, read only through presigned URLs
    (Signature Version 4) that live `max_age` seconds (PRESIGNED_URL_MAX_AGE)."""
    options = {
        "bucket_name": bucket_name,
        "endpoint_url": endpoint_url,
        "region_name": region_name,
        "access_key": access_key,
        "secret_key": secret_key,
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": max_age,
        "signature_version": "s3v4",
        "file_overwrite": False,
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def s3_origins(*, bucket_name: str, endpoint_url, region_name) -> list[str]:
    """Where browsers fetch presigned URLs from, for the Content-Security-Policy: the endpoint of an S3 API of one's
    own (boto addresses it by path), else the bucket's virtual host on AWS and its regional name (where S3 may
    redirect); a bucket name with dots is addressed by path on its region's S3 host."""
    if endpoint_url:
        parts = urlsplit(endpoint_url)
        return [f"{parts.scheme}://{parts.netloc}"]
    if "." in bucket_name:
        in_a_region = region_name and region_name != "us-east-1"
        return [f"https://s3.{region_name}.amazonaws.com" if in_a_region else "https://s3.amazonaws.com"]
    regional = [f"https://{bucket_name}.s3.{region_name}.amazonaws.com"] if region_name else []
    return [f"https://{bucket_name}.s3.amazonaws.com", *regional]

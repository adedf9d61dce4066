"""The second factor at the API's sign-in: the one place the token endpoint asks whether an account needs one and
whether the code it was given is right. TOTP sign-in is being added for the pages; it plugs in here."""

from django.contrib.auth.base_user import AbstractBaseUser


def user_requires_second_factor(user: AbstractBaseUser) -> bool:
    """Whether `user` must give a one-time code (`otp`) besides the password. No account has a second factor yet."""
    return False


def second_factor_accepts(user: AbstractBaseUser, code: str) -> bool:
    """Whether `code` is the account's current one-time code. Only asked when `user_requires_second_factor`."""
    return False

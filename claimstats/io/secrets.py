"""Secrets: claimstats never asks for, stores or shows a password or a verification code.

The loaders refuse a value that seems to hold one (an evidence list's name or
description); :func:`looks_like_secret` is the test.
"""

from __future__ import annotations

import re

__all__ = ["looks_like_secret"]

#: words that name a secret, then its value: after ``:`` or ``=`` any, else one with a
#: digit and at least ``_SHORTEST_SECRET`` characters ("验证码 482913", not "code 3 times")
_SECRET = re.compile(
    r"(?:密码|口令|验证码|校验码|动态码|短信码|(?<![A-Za-z])(?:pass(?:word|wd|code)s?|pwd|pin|otp"
    r"|(?:verification|security|sms|2fa|one[- ]time) codes?)(?![A-Za-z]))\s*"
    r"(?:[:：=]\s*(?P<value>[^\s,，。;；、)）]+)"
    r"|(?:是|为|\bis\b|\bwas\b)?\s*(?P<digits>[^\s,，。;；、)）]*\d[^\s,，。;；、)）]*))",
    re.IGNORECASE,
)
_SHORTEST_SECRET = 4
#: a value written as hidden or absent: ****, xxxx, 无, none
_NOT_GIVEN = re.compile(
    r"[*•●·xX]+|无|没有|略|已隐藏|隐藏|未提供|不提供|none|n/?a|hidden|omitted|redacted",
    re.IGNORECASE,
)


def looks_like_secret(text: str) -> bool:
    """Whether text seems to hold a password or a verification code.

    A word naming a secret (密码, 验证码, password, PIN, verification code, ...) followed
    by ``:`` or ``=`` and a value, or by a value of 4 characters or more holding a digit
    (``验证码 482913``, ``password is hunter2``), counts. The word alone ("password reset page", "the
    verification code was sent by SMS") does not, nor a value written as hidden or absent
    (``****``, ``xxxx``, 无, none).

    Examples
    --------
    >>> looks_like_secret("账号截图，密码: abc123"), looks_like_secret("验证码 482913")
    (True, True)
    >>> looks_like_secret("password reset e-mail"), looks_like_secret("密码: ******")
    (False, False)
    """
    for found in _SECRET.finditer(str(text)):
        value, digits = found.group("value"), found.group("digits")
        if value is not None and not _NOT_GIVEN.fullmatch(value):
            return True
        if digits is not None and len(digits) >= _SHORTEST_SECRET:
            return True
    return False

"""Pairing and recovery codes, and device labels from user-agent strings."""

from __future__ import annotations

import re

import pytest

from server.spaces.codes import (
    ALPHABET,
    PAIRING_LENGTH,
    RECOVERY_LENGTH,
    device_label,
    new_code,
    normalise_code,
)


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("ABCD-EFGH", "ABCDEFGH"),
        ("abcd-efgh", "ABCDEFGH"),
        ("abcd efgh", "ABCDEFGH"),
        ("  Ab cD-eF\tgH \n", "ABCDEFGH"),
        ("ABCD--EFGH", "ABCDEFGH"),
        ("ABCDEFGH", "ABCDEFGH"),
        ("2345-6789-ABCD-EFGH-JKMN", "23456789ABCDEFGHJKMN"),
    ],
)
def test_normalise_code_ignores_case_spaces_and_dashes(typed: str, normalised: str) -> None:
    assert normalise_code(typed) == normalised


@pytest.mark.parametrize(
    ("length", "shape"),
    [
        (PAIRING_LENGTH, r"^[A-Z0-9]{4}-[A-Z0-9]{4}$"),
        (RECOVERY_LENGTH, r"^[A-Z0-9]{4}(-[A-Z0-9]{4}){4}$"),
        (6, r"^[A-Z0-9]{4}-[A-Z0-9]{2}$"),
    ],
)
def test_new_code_groups_by_four_from_the_unambiguous_alphabet(length: int, shape: str) -> None:
    for _ in range(200):
        code = new_code(length)
        assert re.match(shape, code), code
        letters = code.replace("-", "")
        assert len(letters) == length
        assert set(letters) <= set(ALPHABET)
        assert normalise_code(code) == letters


@pytest.mark.parametrize("confusable", ["0", "O", "1", "I", "L"])
def test_new_code_alphabet_has_no_confusable_characters(confusable: str) -> None:
    assert confusable not in ALPHABET


def test_new_code_differs_each_time() -> None:
    codes = {new_code(RECOVERY_LENGTH) for _ in range(100)}
    assert len(codes) == 100


@pytest.mark.parametrize(
    ("user_agent", "label"),
    [
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15"
            " (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
            "Safari on iPhone",
        ),
        (
            "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15"
            " (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
            "Safari on iPad",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36"
            " (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
            "Chrome on Android",
        ),
        (
            "Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0",
            "Firefox on Android",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15"
            " (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
            "Safari on Mac",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36"
            " (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
            "Chrome on Mac",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
            " (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51",
            "Edge on Windows",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
            "Firefox on Windows",
        ),
        (
            "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36"
            " (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
            "Chrome on ChromeOS",
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
            "Firefox on Linux",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15"
            " (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1",
            "Safari on iPhone",
        ),
        ("curl/8.5.0", "Browser"),
        ("", "Browser"),
    ],
)
def test_device_label_names_browser_and_system(user_agent: str, label: str) -> None:
    assert device_label(user_agent) == label

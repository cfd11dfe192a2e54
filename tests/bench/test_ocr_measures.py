"""The OCR benchmark's yardstick: an order-independent character error rate."""

from __future__ import annotations

import random

from bench.ocr import best_match, cer_errors


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]


def test_the_best_match_is_the_closest_stretch_of_the_text() -> None:
    rng = random.Random(7)
    for _ in range(200):
        pattern = "".join(rng.choice("aăâ đ") for _ in range(rng.randint(1, 7)))
        text = "".join(rng.choice("aăâ đ") for _ in range(rng.randint(0, 12)))
        closest = min(
            (
                edit_distance(pattern, text[s:e])
                for s in range(len(text) + 1)
                for e in range(s, len(text) + 1)
            ),
            default=len(pattern),
        )
        distance, start, end = best_match(pattern, text)
        assert distance == closest
        if distance < len(pattern):
            assert edit_distance(pattern, text[start:end]) == distance


def test_columns_read_in_another_order_cost_nothing() -> None:
    truth = "ỦY BAN NHÂN DÂN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ ĐÈO GIA"
    read_across = "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ ĐÈO GIA"
    assert cer_errors(truth, read_across) == 0


def test_wrong_missing_and_extra_characters_all_count() -> None:
    truth = "Nguyễn Văn Hùng\nĐèo Gia"
    assert cer_errors(truth, "Nguyen Văn Hùng\nĐèo Gia") == 1  # a lost diacritic
    assert cer_errors(truth, "Nguyễn Văn Hùng") == len("Đèo Gia")  # a line missing
    assert cer_errors(truth, "Nguyễn Văn Hùng _ Đèo Gia ~") == 2  # specks read as marks
    assert cer_errors("", "noise") == 5  # text out of a blank page

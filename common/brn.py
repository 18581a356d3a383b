"""사업자등록번호 (business registration number) check digit: weights 1,3,7,1,3,7,1,3,5 on the
first nine digits, plus ⌊d9 × 5 / 10⌋, and check = (10 − total mod 10) mod 10.

In the bottom layer because two rules need it: the business number's own validator
(guarantees.validators) and the resident-number rule (common.pii), which must not mistake a
business number beside a phone number for a resident number.
"""

from __future__ import annotations

_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def brn_check_digit(first_nine: str) -> int:
    total = sum(int(d) * w for d, w in zip(first_nine, _WEIGHTS, strict=True))
    total += int(first_nine[8]) * 5 // 10
    return (10 - total % 10) % 10

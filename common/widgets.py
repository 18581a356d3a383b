"""Form widgets shared by every app.

AmountInput: an amount a person types on a phone's number pad (issue 19, row 9). The pad has
digits only, so the widget adds 억 and 만 buttons beside the field and writes the amount in
words under it as it is typed ("2000" + 만 → "2,000만원"); static/js/portal.js does both. The
server reads the text with common.money.parse_krw either way (the words are only a mirror).
"""

from __future__ import annotations

from django import forms

AMOUNT_HINT = (
    "숫자 자판으로 숫자를 누르고 ‘억’·‘만’ 버튼으로 단위를 붙이세요 (2000 → 만 = 2,000만원)."
)


class AmountInput(forms.TextInput):
    template_name = "common/widgets/amount_input.html"

    def __init__(self, attrs=None):
        defaults = {
            "inputmode": "numeric",
            "autocomplete": "off",
            "maxlength": 30,
            "data-amount": "",
        }
        super().__init__({**defaults, **(attrs or {})})

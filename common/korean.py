"""Korean particles (조사) chosen from the word they follow: 은/는, 이/가, 을/를, 과/와, 으로/로,
이라/라 … — never the placeholder "은(는)".

    with_particle("인천신용보증재단", "은")   → "인천신용보증재단은"
    with_particle("6,000만원", "이")          → "6,000만원이"
    with_particle("‘fake.pdf’", "은")         → "‘fake.pdf’는"
    with_particle("applicant@demo.icgf.kr", "으로") → "applicant@demo.icgf.kr로"

A particle depends on how the word's last syllable is *read*, so each kind of ending is read
the way a Korean reader says it (the rule, in one place):

- Hangul: the last syllable's final consonant (받침). None → 는/가/를/와/로; one → 은/이/을/과/으로;
  ㄹ takes 로 (not 으로), as in 서울로.
- Digits: read as Sino-Korean numbers — 1 일, 3 삼, 6 육, 7 칠, 8 팔, 0 영 end in a consonant;
  trailing zeros are read as their place: 10 십, 100 백, 1,000 천, 10,000 만, 10⁸ 억 (all
  consonants), 10¹² 조 (vowel). Separators (1,000) are ignored; after a decimal point the digits
  are read one by one (1.0 → 일 점 영).
- Latin letters: read by their letter names, as Korean readers say acronyms and file types
  (PDF 피디에프, KB 케이비, HWPX 에이치더블유피엑스): L 엘, M 엠, N 엔 end in a consonant (L in ㄹ),
  R 알 in ㄹ, every other letter in a vowel.
- Closing quotes (’ ” ' " 」 』 》 〉) are looked through: ‘fake.pdf’ is read as fake.pdf.
- A closing bracket after a word follows the word before the bracket, as 국립국어원 advises
  for glosses: 보증서(PDF)를; a word that is only a bracket, "(주)", is read inside.
- Anything else that cannot be read (an emoji, an empty string) keeps the two-form fallback,
  "은(는)", which is correct whatever the reading.
"""

from __future__ import annotations

import re

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_RIEUL = 8  # index of ㄹ among the 27 final consonants (1-based, 0 = none)

# Each particle: (after a consonant, after a vowel, after ㄹ).
PARTICLES: dict[str, tuple[str, str, str]] = {}
for _consonant, _vowel in (
    ("은", "는"),
    ("이", "가"),
    ("을", "를"),
    ("과", "와"),
    ("이나", "나"),
    ("이라", "라"),
    ("이랑", "랑"),
    ("이야", "야"),
    ("아", "야"),
    ("이에요", "예요"),
    ("이었", "였"),
):
    PARTICLES[_consonant] = PARTICLES[_vowel] = (_consonant, _vowel, _consonant)
PARTICLES["으로"] = PARTICLES["로"] = ("으로", "로", "로")
PARTICLES["으로서"] = PARTICLES["로서"] = ("으로서", "로서", "로서")
PARTICLES["으로써"] = PARTICLES["로써"] = ("으로써", "로써", "로써")

# The final sound of a reading: None (vowel), "ㄹ", or "C" (any other consonant).
_DIGIT_ENDS = {
    "0": "C",  # 영
    "1": "ㄹ",  # 일
    "2": None,  # 이
    "3": "C",  # 삼
    "4": None,  # 사
    "5": None,  # 오
    "6": "C",  # 육
    "7": "ㄹ",  # 칠
    "8": "ㄹ",  # 팔
    "9": None,  # 구
}
# Trailing zeros of a whole number → the place word read last: 십 백 천 만 … 억 … 조 … 경.
_PLACE_ENDS = {1: "C", 2: "C", 3: "C"}  # 십, 백, 천
_LATIN_ENDS = {"l": "ㄹ", "r": "ㄹ", "m": "C", "n": "C"}
_CLOSING_QUOTES = "’”'\"」』》〉›»"
_BRACKETS = {")": "(", "]": "[", "}": "{", "）": "（", "］": "［", "〕": "〔", "】": "【"}
_NUMBER = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?$")


def _place_end(zeros: int) -> str | None:
    if zeros in _PLACE_ENDS:
        return _PLACE_ENDS[zeros]
    group = zeros // 4  # 1: 만, 2: 억, 3: 조, 4: 경 (then 해 …)
    return {1: "C", 2: "C", 3: None, 4: "C"}.get(group, None)


def _number_end(text: str) -> str | None:
    whole, _, fraction = text.replace(",", "").partition(".")
    if fraction:
        return _DIGIT_ENDS[fraction[-1]]
    stripped = whole.rstrip("0")
    if not stripped:  # 0, 00 …
        return _DIGIT_ENDS["0"]
    zeros = len(whole) - len(stripped)
    return _place_end(zeros) if zeros else _DIGIT_ENDS[stripped[-1]]


_UNREADABLE = object()


def final_sound(word: str):
    """How `word` ends when read aloud: None (a vowel), "ㄹ", "C" (another consonant), or
    `_UNREADABLE`. See the module docstring for the reading rule."""
    text = (word or "").rstrip()
    while text and text[-1] in _CLOSING_QUOTES:
        text = text[:-1].rstrip()
    if not text:
        return _UNREADABLE
    last = text[-1]
    if last in _BRACKETS:
        opening = text.rfind(_BRACKETS[last])
        before, inside = text[:opening].rstrip(), text[opening + 1 : -1]
        if opening < 0:
            return final_sound(text[:-1])
        return final_sound(before) if before else final_sound(inside)
    code = ord(last)
    if _HANGUL_FIRST <= code <= _HANGUL_LAST:
        jong = (code - _HANGUL_FIRST) % 28
        return None if jong == 0 else ("ㄹ" if jong == _RIEUL else "C")
    number = _NUMBER.search(text)
    if number:
        return _number_end(number.group(0))
    if last.isascii() and last.isalpha():
        return _LATIN_ENDS.get(last.lower())
    if last == "%":
        return None  # 퍼센트
    return _UNREADABLE


def particle(word: str, particle_name: str) -> str:
    """The form of `particle_name` (either form: "은" or "는", "으로" or "로") that follows
    `word`: particle("재단", "는") → "은"."""
    try:
        after_consonant, after_vowel, after_rieul = PARTICLES[particle_name]
    except KeyError:
        raise ValueError(f"unknown particle {particle_name!r}") from None
    sound = final_sound(word)
    if sound is _UNREADABLE:
        if after_consonant == after_rieul:
            return f"{after_consonant}({after_vowel})"
        return f"({after_consonant[0]}){after_vowel}"  # (으)로
    if sound is None:
        return after_vowel
    return after_rieul if sound == "ㄹ" else after_consonant


def with_particle(word: object, particle_name: str) -> str:
    """`word` followed by the right form of the particle: "재단은", "‘서류.pdf’를"."""
    text = str(word)
    return f"{text}{particle(text, particle_name)}"

"""{{ word|josa:"은" }} → the word and the right particle ("재단은", "‘서류.pdf’를"); common/korean.py
has the reading rule."""

from django import template

from common.korean import with_particle

register = template.Library()


@register.filter
def josa(value, particle_name):
    return with_particle("" if value is None else value, particle_name)

"""{% load privacy %} … {{ user.mobile|mask_phone }} {{ business.representative_birth_date|mask_birth }}"""

from django import template

from accounts.privacy import mask_birth_date, mask_phone

register = template.Library()
register.filter("mask_phone", mask_phone)
register.filter("mask_birth", mask_birth_date)

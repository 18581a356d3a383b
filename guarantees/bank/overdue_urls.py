"""기한경과 목록 for staff (under /guarantees/book/overdue/, names in the guarantees namespace)."""

from django.urls import path

from . import overdue

urlpatterns = [
    path("", overdue.overdue_list, name="overdue"),
    path("csv/", overdue.overdue_csv, name="overdue_csv"),
    path("xlsx/", overdue.overdue_xlsx, name="overdue_xlsx"),
    path("<int:overdue_id>/decide/", overdue.overdue_decide, name="overdue_decide"),
]

from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("", views.course_list, name="list"),
    path("mine/", views.my_courses, name="mine"),
    path("mine/<int:pk>/certificate.pdf", views.certificate, name="certificate"),
    path("<slug:code>/", views.course_detail, name="detail"),
]

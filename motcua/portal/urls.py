from django.urls import path

from motcua.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.lookup, name="lookup"),
    path("danh-gia/", views.rate, name="rate"),
]

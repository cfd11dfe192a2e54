from django.urls import path

from motcua.warehouse import views

app_name = "warehouse"
urlpatterns = [
    path("<code:code>/store/items/<int:item>/reuse/", views.reuse, name="reuse"),
    path("<code:code>/store/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
]

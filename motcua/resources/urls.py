from django.urls import path

from motcua.resources import views

app_name = "resources"
urlpatterns = [
    path("", views.province, name="province"),
    path("plan/", views.plan, name="plan"),
    path("plan.xlsx", views.plan_xlsx, name="plan_xlsx"),
    path("units/<code:code>/", views.unit, name="unit"),
    path("units/<code:code>/registers.xlsx", views.unit_export, name="unit_export"),
    path("units/<code:code>/import/", views.unit_import, name="unit_import"),
    path("units/<code:code>/<str:register>/new/", views.register_edit, name="register_add"),
    path("units/<code:code>/<str:register>/<int:pk>/", views.register_edit, name="register_edit"),
    path(
        "units/<code:code>/<str:register>/<int:pk>/delete/",
        views.register_delete,
        name="register_delete",
    ),
]

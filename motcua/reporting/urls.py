from django.urls import path

from motcua.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.dashboard, name="dashboard"),
    path("<str:code>/report.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<str:code>/report.csv", views.export_csv, name="export_csv"),
    path("<str:code>/dossiers/<str:key>/", views.drill, name="drill"),
]

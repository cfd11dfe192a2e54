from django.urls import path

from motcua.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("<code:code>/", views.dashboard, name="dashboard"),
    path("<code:code>/report.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<code:code>/report.csv", views.export_csv, name="export_csv"),
    path("<code:code>/dossiers/<str:key>/", views.drill, name="drill"),
]

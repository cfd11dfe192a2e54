from django.urls import path

from motcua.dossiers import views

app_name = "dossiers"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("new/", views.intake, name="intake"),
    path("lien-thong/new/", views.bundle_new, name="bundle_new"),
    path("lien-thong/<str:code>/", views.bundle_detail, name="bundle"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/act/", views.act, name="act"),
    path("<str:code>/forms/<str:no>/", views.printout, name="printout"),
]

from django.urls import path

from motcua.dossiers import views

app_name = "dossiers"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("new/", views.intake, name="intake"),
    path("lien-thong/new/", views.bundle_new, name="bundle_new"),
    path("lien-thong/<code:code>/", views.bundle_detail, name="bundle"),
    path("<code:code>/", views.detail, name="detail"),
    path("<code:code>/act/", views.act, name="act"),
    path("<code:code>/forms/<str:no>/", views.printout, name="printout"),
]

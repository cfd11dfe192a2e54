from django.urls import path

from motcua.digitization import views

app_name = "digitization"
urlpatterns = [
    path("<str:code>/scans/", views.upload, name="upload"),
    path("<str:code>/scans/progress/", views.progress, name="progress"),
    path("<str:code>/scans/coversheets/", views.coversheets, name="coversheets"),
    path("<str:code>/scans/waiting/attach/", views.attach, name="attach"),
    path("<str:code>/scans/waiting/file/", views.waiting_file, name="waiting_file"),
    path("<str:code>/scans/<int:pk>/retry/", views.retry, name="retry"),
    path("<str:code>/scans/<int:pk>/<str:kind>/", views.download, name="download"),
    path("<str:code>/results/", views.result_upload, name="result_upload"),
    path("<str:code>/results/<int:pk>/", views.result_download, name="result_download"),
]

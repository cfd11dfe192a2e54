from django.urls import path

from motcua.digitization import views

app_name = "digitization"
urlpatterns = [
    path("<code:code>/scans/", views.upload, name="upload"),
    path("<code:code>/scans/progress/", views.progress, name="progress"),
    path("<code:code>/scans/coversheets/", views.coversheets, name="coversheets"),
    path("<code:code>/scans/waiting/attach/", views.attach, name="attach"),
    path("<code:code>/scans/waiting/file/", views.waiting_file, name="waiting_file"),
    path("<code:code>/scans/<int:pk>/retry/", views.retry, name="retry"),
    path("<code:code>/scans/<int:pk>/<str:kind>/", views.download, name="download"),
    path("<code:code>/results/", views.result_upload, name="result_upload"),
    path("<code:code>/results/<int:pk>/", views.result_download, name="result_download"),
]

from django.urls import path

from motcua.citizens import views as citizen_views
from motcua.portal import account, account_notifications, views

app_name = "portal"
urlpatterns = [
    path("", views.lookup, name="lookup"),
    path("danh-gia/", views.rate, name="rate"),
]

# The citizen's own pages, mounted at /cong-dan/ by motcua/urls.py (namespace "citizen").
account_patterns = (
    [
        path("", account.home, name="home"),
        path("thong-bao/", account_notifications.notifications_set, name="notifications"),
        path("dang-nhap/", account.sign_in_password, name="sign_in_password"),
        path("dang-xuat/", account.sign_out, name="sign_out"),
        path("vneid/", citizen_views.CitizenSignInStartView.as_view(), name="oidc_start"),
        path(
            "vneid/callback/",
            citizen_views.CitizenSignInCallbackView.as_view(),
            name="oidc_callback",
        ),
    ],
    "citizen",
)

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from core import views as core_views
from core.mail import QueuedPasswordResetForm
from notifications import views as notification_views
from roles import oidc_views

from . import balance_views, calendars, plan_views, process_editor, views

app_patterns = (
    [
        path("netvaerk/", views.network_list, name="network-list"),
        path("netvaerk/nyt/", views.network_create, name="network-create"),
        path("netvaerk/<slug:slug>/", views.network_detail, name="network-detail"),
        path("netvaerk/<slug:slug>/rediger/", views.network_edit, name="network-edit"),
        path("netvaerk/<slug:slug>/roller/ny/", views.role_add, name="role-add"),
        path("netvaerk/<slug:slug>/roller/<int:pk>/afslut/", views.role_end, name="role-end"),
        path("personer/<int:pk>/", views.person_detail, name="person-detail"),
        path("netvaerk/<slug:slug>/plan/", plan_views.plan_detail, name="plan"),
        path("netvaerk/<slug:slug>/plan/trin/<int:pk>/", plan_views.plan_step, name="plan-step"),
        path("netvaerk/<slug:slug>/fase/", plan_views.phase_change, name="phase-change"),
        path("netvaerk/<slug:slug>/timer/", plan_views.time_log, name="time-log"),
        path("forloeb/", plan_views.process_list, name="process-list"),
        path("forloeb/<slug:network_type>/", plan_views.process_detail, name="process-detail"),
        path(
            "sekretariat/indhold/forloeb/",
            process_editor.content_processes,
            name="content-processes",
        ),
        path(
            "sekretariat/indhold/forloeb/<slug:network_type>/",
            process_editor.content_process,
            name="content-process",
        ),
        path(
            "sekretariat/indhold/forloeb/<slug:network_type>/forhaandsvisning/",
            process_editor.content_process_preview,
            name="content-process-preview",
        ),
        path(
            "sekretariat/indhold/forloeb/<slug:network_type>/offentliggoer/",
            process_editor.content_process_publish,
            name="content-process-publish",
        ),
        path(
            "sekretariat/indhold/forloeb/<slug:network_type>/versioner/",
            process_editor.content_process_versions,
            name="content-process-versions",
        ),
        path("tidsbalance/", balance_views.time_balance, name="time-balance"),
        path(
            "tidsbalance/eksport.<slug:fmt>",
            balance_views.time_balance_export,
            name="time-balance-export",
        ),
        path("tidsbalance/<int:pk>/", balance_views.time_balance_role, name="time-balance-role"),
        path("kalender/", calendars.calendar_page, name="calendar"),
        path("kalender/forny/", calendars.calendar_renew, name="calendar-renew"),
        path("kalender/<str:token>/mine.ics", calendars.calendar_mine, name="calendar-mine"),
        path(
            "kalender/<str:token>/netvaerk/<slug:slug>.ics",
            calendars.calendar_network,
            name="calendar-network",
        ),
    ],
    "netvaerk",
)

account_patterns = [
    path("log-ind/", oidc_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("log-ud/", oidc_views.LogoutView.as_view(), name="logout"),
    path(
        "adgangskode/skift/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "adgangskode/skift/faerdig/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "adgangskode/nulstil/",
        auth_views.PasswordResetView.as_view(
            form_class=QueuedPasswordResetForm,
            html_email_template_name="registration/password_reset_email.html",
            email_template_name="registration/password_reset_email.txt",
        ),
        name="password_reset",
    ),
    path(
        "adgangskode/nulstil/sendt/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "adgangskode/nulstil/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "adgangskode/nulstil/faerdig/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
# With LOCAL_LOGIN=false, every password page is a 404: single sign-on only.
account_patterns = oidc_views.password_pages_local_only(account_patterns)

admin.site.site_header = "Netværksportalen – administration"
admin.site.site_title = "Netværksportalen"
admin.site.index_title = "Sekretariat for Netværksstrukturen"

urlpatterns = [
    path("", include("portal.urls")),
    path("", include(app_patterns)),
    path("", include("roles.urls")),
    path("", include("agreements.urls")),
    path("", include("notifications.urls")),
    path("", include("proposals.urls")),
    path("kompetencer/", include("competences.urls")),
    path("ledernetvaerk/", include("leadernets.urls")),
    path("konto/", include(account_patterns)),
    path("oidc/", include("roles.oidc_urls")),
    # Changing the language must work on the login page too.
    path("sprog/", login_not_required(notification_views.set_language), name="set_language"),
    path("sundhed/", core_views.health, name="health"),
    # These take passwords only while LOCAL_LOGIN is on (roles/oidc_views.py).
    path("admin/login/", oidc_views.admin_login),
    path("admin/password_change/", oidc_views.admin_password_change),
    path("admin/", admin.site.urls),
]

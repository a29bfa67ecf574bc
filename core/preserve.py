"""Nothing typed is lost when a session times out or a CSRF token has gone stale.

A long form (an agreement step) can be open for an hour. If the session has expired when
it is posted, or the page's CSRF token no longer matches (the user logged in again in
another tab), Django would answer with a login redirect or a 403 and the text would be
gone. For views marked with `@preserves_post`, the posted fields are kept in the session
instead; after logging in (the session's data survives login) the same page shows them
again, unsaved, with a message to check and save.

Only same-site requests are kept: a CSRF failure caused by a foreign Origin or Referer is
refused as usual, and a kept form is shown for the user to review, never saved by itself.
"""

from django.contrib import messages
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

SESSION_KEY = "preserved_post"
_FOREIGN = ("Origin checking failed", "Referer checking failed")


def preserves_post(view):
    view.preserves_post = True
    return view


def _keep(request):
    data = request.POST.copy()
    data.pop("csrfmiddlewaretoken", None)
    request.session[SESSION_KEY] = {"path": request.path, "data": data.urlencode()}


def take_preserved(request):
    """The fields kept for this page, once (a QueryDict), or None."""
    kept = request.session.get(SESSION_KEY)
    if not kept or kept.get("path") != request.path:
        return None
    del request.session[SESSION_KEY]
    return QueryDict(kept["data"])


class PreservingLoginRequiredMiddleware(LoginRequiredMiddleware):
    def handle_no_permission(self, request, view_func):
        if request.method == "POST" and getattr(view_func, "preserves_post", False):
            _keep(request)
            messages.warning(
                request,
                _(
                    "Du var blevet logget ud. Log ind igen – det, du skrev, er bevaret og "
                    "vises igen, så du kan gemme det."
                ),
            )
        return super().handle_no_permission(request, view_func)


def csrf_failure(request, reason=""):
    try:
        view = resolve(request.path).func
    except Resolver404:
        view = None
    if (
        request.method == "POST"
        and getattr(view, "preserves_post", False)
        and not reason.startswith(_FOREIGN)
    ):
        _keep(request)
        messages.warning(
            request,
            _(
                "Siden var forældet (fx efter et nyt login i en anden fane), så intet blev "
                "gemt. Det, du skrev, står her igen – tjek det og gem."
            ),
        )
        return redirect(request.get_full_path())
    return render(request, "403_csrf.html", status=403)


def bound_form(request, form_class, **kwargs):
    """The form bound to the POST, or to the text kept when the session ran out (checked,
    so its messages show), or None when there is neither."""
    if request.method == "POST":
        return form_class(request.POST, **kwargs)
    preserved = take_preserved(request)
    if preserved is None:
        return None
    form = form_class(preserved, **kwargs)
    form.is_valid()
    return form

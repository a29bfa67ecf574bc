"""Mail plumbing: e-mails the request would otherwise send while the user waits go to the
worker instead, as jobs queued when the transaction commits."""

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .jobs import enqueue_on_commit, job


@job(retries=4, backoff_seconds=60)
def send_password_reset(user_id, *, language, protocol, domain, site_name, templates):
    """The password-reset e-mail. The link is made here, in the worker, so no reset token
    waits in the job queue; a user who is gone or inactive gets nothing."""
    user = get_user_model()._default_manager.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return "no such user"
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": site_name,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": protocol,
    }
    with translation.override(language):
        subject = "".join(loader.render_to_string(templates["subject"], context).splitlines())
        message = EmailMultiAlternatives(
            subject, loader.render_to_string(templates["text"], context), None, [user.email]
        )
        if templates.get("html"):
            message.attach_alternative(
                loader.render_to_string(templates["html"], context), "text/html"
            )
    message.send()
    return "sent"


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset, with its e-mail sent by the worker: a slow mail server never
    holds the page, and the answer comes as fast for a known address as for an unknown one."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        enqueue_on_commit(
            send_password_reset,
            context["user"].pk,
            language=translation.get_language() or "da",
            protocol=context["protocol"],
            domain=context["domain"],
            site_name=context["site_name"],
            templates={
                "subject": subject_template_name,
                "text": email_template_name,
                "html": html_email_template_name,
            },
        )

"""Infrastructure's own rows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyRun(models.Model):
    """That a daily job was queued on a day: the claim that makes it once a day."""

    name = models.CharField(_("job"), max_length=60)
    day = models.DateField(_("dag"))
    queued_at = models.DateTimeField(_("sat i kø"), auto_now_add=True)

    class Meta:
        verbose_name = _("daglig kørsel")
        verbose_name_plural = _("daglige kørsler")
        constraints = [models.UniqueConstraint(fields=["name", "day"], name="daily_run_once")]

    def __str__(self):
        return f"{self.name} {self.day}"


class AccessEvent(models.Model):
    """One read of personal data: who looked, when, at what, about whom — never the content.

    `about` holds the ids of the people (roles.Person) the read concerned, as plain ids so
    the infrastructure names no app; a list or search is one event with its criterion in
    `detail`. Kept for settings.ACCESS_LOG_DAYS, then purged."""

    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hvem"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    about = models.BigIntegerField(_("om (person-id)"), null=True, blank=True)
    what = models.CharField(_("hvad"), max_length=60)
    object_id = models.CharField(_("objekt"), max_length=64, blank=True)
    detail = models.CharField(_("detaljer"), max_length=300, blank=True)
    path = models.CharField(_("adresse"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("adgangshændelse")
        verbose_name_plural = _("adgangslog")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["about", "-at"], name="access_about_idx"),
            models.Index(fields=["user", "-at"], name="access_user_idx"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.what}"


class Generation(models.Model):
    """A topic's generation, in rows that change whenever a table of the topic is written
    (core/generations.py): a figure computed over a whole table (45,000 people counted,
    17,000 roles summed) is kept in the cache under the topic's rows and computed again only
    after a change.

    On PostgreSQL each writing transaction has a row of its own (`writer`, its transaction
    id), so writers never wait for each other here; readers compact the rows now and then.
    SQLite writes one transaction at a time and keeps one row per topic (`writer` 0)."""

    topic = models.CharField(_("emne"), max_length=60)
    writer = models.BigIntegerField(_("skrivende transaktion"), default=0)
    value = models.BigIntegerField(_("værdi"))

    class Meta:
        verbose_name = _("generation")
        verbose_name_plural = _("generationer")
        constraints = [
            models.UniqueConstraint(fields=["topic", "writer"], name="generation_per_writer")
        ]

    def __str__(self):
        return f"{self.topic} {self.writer} {self.value}"

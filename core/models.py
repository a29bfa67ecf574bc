"""Infrastructure's own rows."""

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

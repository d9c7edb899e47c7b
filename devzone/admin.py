"""The back office's titles; each app registers its own models."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("devzone back office")
admin.site.site_title = _("devzone back office")
admin.site.index_title = _("Back office")

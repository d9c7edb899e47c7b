"""The outbox page: managers and administrators (403 for staff) see the
messages of their zones and send again one that failed, whose delivery is
unknown or that has waited too long (404 for a message outside their
zones)."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import ListView

from devzone import access
from devzone.access import RoleRequiredMixin
from insights.models import OutboxMessage

from . import selectors, services
from .forms import OutboxFilterForm, OutboxResendForm


class OutboxAccessMixin(RoleRequiredMixin):
    allowed = (access.is_manager, access.is_administrator)


class OutboxMessageListView(OutboxAccessMixin, ListView):
    template_name = "outbox/outboxmessage_list.html"
    context_object_name = "outbox_messages"  # "messages" is the messages framework's
    paginate_by = 50

    def get_queryset(self):
        self.form = OutboxFilterForm(self.request.GET)
        state = self.form.cleaned_data["state"] if self.form.is_valid() else ""
        return selectors.outbox_messages(user=self.request.user, state=state)

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            form=self.form,
            query=query.urlencode(),
            attention=selectors.outbox_attention(user=self.request.user),
            **kwargs,
        )

    def post(self, request):
        """The resend button of one message."""
        form = OutboxResendForm(request.POST)
        if not form.is_valid():
            raise Http404
        try:
            message = services.message_resend(user=request.user, message_id=form.cleaned_data["message"])
        except OutboxMessage.DoesNotExist:
            raise Http404 from None
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The message to %(recipient)s is sent again.") % {"recipient": message.recipient})
        return redirect(request.get_full_path())

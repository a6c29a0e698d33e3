import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from initiatives.accounts.models import Department
from initiatives.accounts.roles import ROLE_LABELS


class UserFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or e-mail"), method="search")
    role = django_filters.ChoiceFilter(
        label=_("Role"), choices=list(ROLE_LABELS.items()), field_name="groups__name"
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Department"), queryset=Department.objects.all()
    )

    class Meta:
        model = get_user_model()
        fields = ["q", "role", "department"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(email__icontains=value) | Q(name__icontains=value))

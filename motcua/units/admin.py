"""Admin for administrative units, agencies, counters and officers."""

from __future__ import annotations

from django.contrib import admin

from motcua.units.models import AdministrativeUnit, Agency, Officer, OneStopCounter


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "level",
        "parent",
        "valid_from",
        "valid_to",
        "successor",
        "is_sample",
    ]
    list_filter = ["level", "is_sample"]
    search_fields = ["code", "name"]
    # Thousands of units: a search box instead of a select with every one of them.
    autocomplete_fields = ["parent", "successor"]
    list_select_related = ["parent", "successor"]


class OneStopCounterInline(admin.TabularInline):
    model = OneStopCounter
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "unit", "is_one_stop", "is_sample"]
    list_filter = ["kind", "is_one_stop", "is_sample"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]
    inlines = [OneStopCounterInline]


@admin.register(OneStopCounter)
class OneStopCounterAdmin(admin.ModelAdmin):
    list_display = ["name", "agency"]
    search_fields = ["name", "agency__name", "agency__code"]
    autocomplete_fields = ["agency"]
    list_select_related = ["agency"]


@admin.register(Officer)
class OfficerAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "role", "counter", "title"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "agency__name"]
    autocomplete_fields = ["agency", "counter"]
    raw_id_fields = ["user"]
    list_select_related = ["user", "agency", "counter"]

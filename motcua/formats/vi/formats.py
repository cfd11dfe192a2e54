"""Vietnamese formats: Django's, with thousands grouped (17.000.000 đồng).

Django's own ``vi`` module sets the separators but no NUMBER_GROUPING, so
``intcomma`` printed amounts of money as one long run of digits.
"""

from django.conf.locale.vi.formats import *  # noqa: F403

NUMBER_GROUPING = 3

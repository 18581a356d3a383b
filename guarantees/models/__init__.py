"""Models of the guarantees app, one module per area:

- core: businesses, applications and their events, guarantees and their events (foundation)
- applicant: documents, agreements, certificates … (applicant journey)
- review: surveys, scorecards, approvals, authority … (staff workflow)
- book: fees, recourse claims, subsidies … (guarantee book)
- consultations: 디딤돌센터 consultations (council report)
- contributors: what a city or district pays for its programmes (이차보전 payments)
- bank: the partner banks' channel (loan executions, reports, API keys, call log)
- rounds: call rounds (공고), the fund committee, its votes and the bank's final check
- risk: the stress simulator's runs and their chunks
"""

from .applicant import *  # noqa: F403
from .bank import *  # noqa: F403
from .book import *  # noqa: F403
from .consultations import *  # noqa: F403
from .contributors import *  # noqa: F403
from .core import *  # noqa: F403
from .review import *  # noqa: F403
from .risk import *  # noqa: F403
from .rounds import *  # noqa: F403

"""Large data and many merchants: orders counted on a query engine, losses in one pass.

Optional (``pip install 'claimstats[engines]'``; ``[spark]`` for Spark): the core of
claimstats never imports it. :func:`bucket_orders` counts orders where they lie (big
files through an embedded DuckDB, tables on any ibis backend);
:func:`estimate_loss_batch` estimates the loss of every merchant of a platform from one
outage, together.
"""

from claimstats.engines.batch import BATCH_COLUMNS, estimate_loss_batch, rounded_results
from claimstats.engines.buckets import bucket_orders
from claimstats.engines.tables import EngineSettings, order_table

__all__ = [
    "BATCH_COLUMNS",
    "EngineSettings",
    "bucket_orders",
    "estimate_loss_batch",
    "order_table",
    "rounded_results",
]

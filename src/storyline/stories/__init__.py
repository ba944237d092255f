"""Story stage: streaming same-event clustering with stable story ids.

* :mod:`.cluster` — :class:`~.cluster.StoryClusterer` and :class:`~.cluster.StoryConfig`.
* :mod:`.features` — the evidence two articles share (weighted terms, names, titles).
* :mod:`.model` — the calibrated same-event model; its coefficients live in ``model.json``.
"""

from .cluster import StoryClusterer, StoryConfig, StoryDoc

__all__ = ["StoryClusterer", "StoryConfig", "StoryDoc"]

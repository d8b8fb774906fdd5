"""The batch executor for a Ray cluster (``pip install 'bilingual-edition[ray]'``).

Preparation and rendering are Ray tasks; translation goes to engine *actors*, one per node
(CPU) or one per GPU, each holding the model for the whole batch, fed length-sorted slices
of sentences through an ``ActorPool``. Actors rather than a Ray Data ``map_batches``
pipeline: a batch translates chunk after chunk, and a dataset per chunk would start (and
load the model in) a new actor pool each time. The translation memory stays with the
driver: it is consulted before any work is sent and filled as results come back, exactly
as in a single run, so a Ray batch and a local one give the same documents.

``ray.init()`` starts a local Ray on this machine, or joins the cluster named by
``RAY_ADDRESS`` (see the README for ``ray start --head`` and workers).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path

from pipeline.batch.jobs import Job, ahead, glossary_bytes, glossary_from_text, prepare_job, render_job
from pipeline.document import Document, EngineInfo
from pipeline.translate.enforce import Hypothesis
from pipeline.translate.decoding import DecodingSettings
from pipeline.translate.engine import Engine, make_engine
from pipeline.edition import EditionOptions
from pipeline.errors import BilingualError, ClusterError, Failure, ModelError
from pipeline.translate.models import InstalledModel

# Texts per actor call: large enough for full CTranslate2 batches, small enough that every
# actor gets several slices of a chunk and results (and progress) flow back steadily.
SLICE_TEXTS = {"cpu": 256, "cuda": 4096}
SLICES_IN_FLIGHT = 2


def _ray():
    try:
        import ray
    except ImportError:
        raise ClusterError(
            "the Ray executor needs Ray", hint="pip install 'bilingual-edition[ray]', or use --executor local"
        ) from None
    return ray


def start_ray(workers: int | None) -> None:
    """Join ``RAY_ADDRESS``'s cluster, or start Ray here with ``workers`` CPUs."""
    address = os.environ.get("RAY_ADDRESS")
    if address and "RAY_AUTH_MODE" not in os.environ and (
        os.environ.get("RAY_AUTH_TOKEN") or (Path.home() / ".ray" / "auth_token").is_file()
    ):
        # Ray ≥ 2.5x: a local Ray writes ~/.ray/auth_token, `ray start --head` then enables
        # token authentication, and a driver that does not send the token is refused
        # ("InvalidAuthToken"). Sending it is harmless where authentication is off. Ray
        # reads the variable when imported, hence before the import.
        os.environ["RAY_AUTH_MODE"] = "token"
    ray = _ray()
    if ray.is_initialized():
        return
    kwargs = {"include_dashboard": False, "logging_level": logging.ERROR, "log_to_driver": False}
    if not address:  # a Ray of our own, on this machine only: bound to the loopback address
        kwargs["num_cpus"] = workers or os.cpu_count() or 1
        kwargs["_node_ip_address"] = "127.0.0.1"
    try:
        ray.init(address=address or None, **kwargs)
    except (ConnectionError, RuntimeError, ValueError) as err:
        where = f"the Ray cluster at {address}" if address else "a local Ray"
        hint = "is RAY_ADDRESS right, and is `ray start --head` running there?" if address else None
        raise ClusterError(f"cannot start or join {where} ({err})", hint=hint) from None


class _EngineActor:
    """Holds one engine (one model in memory) for the whole batch."""

    def __init__(self, package_path: str, expected: tuple[str, str], device: str, settings: DecodingSettings):
        from pipeline.translate.models import find_model, installed_models

        path = Path(package_path)
        models, _ = installed_models()
        package = next((m for m in models if m.path == path), None) or find_model()
        if (package.name, package.version) != expected:
            raise ModelError(f"this node has {package.name} {package.version}, the driver {expected[0]} {expected[1]}")
        self.engine = make_engine(package, device=device, settings=settings)

    def translate(self, indexed: list[tuple[int, str]]) -> list[tuple[int, list[Hypothesis]]]:
        results = self.engine.translate([text for _, text in indexed])
        return [(index, hypotheses) for (index, _), hypotheses in zip(indexed, results)]

    def align(self, indexed: list[tuple[int, tuple[str, str]]]) -> list[tuple[int, tuple]]:
        results = self.engine.align([pair for _, pair in indexed])
        return [(index, alignment) for (index, _), alignment in zip(indexed, results)]


class RayEngine:
    """The ``Engine`` of ``pipeline.translate.stage``, its work spread over engine actors."""

    def __init__(self, package: InstalledModel, device: str = "cpu", settings: DecodingSettings | None = None):
        ray = _ray()
        from ray.util import ActorPool
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        alive = [node for node in ray.nodes() if node.get("Alive")]
        with_gpus = device in ("cuda", "auto") and any(node.get("Resources", {}).get("GPU", 0) for node in alive)
        self.device = "cuda" if with_gpus else "cpu"
        self.warnings: list[str] = []
        if device == "cuda" and not with_gpus:
            self.warnings.append("CUDA was asked for but the Ray cluster has no GPU; translating on the CPUs")
        self._local = make_engine(package, device=self.device, settings=settings)  # names and keys; never loaded
        actor = ray.remote(_EngineActor)
        actors = []
        for node in alive:
            strategy = NodeAffinitySchedulingStrategy(node["NodeID"], soft=False)
            gpus = int(node.get("Resources", {}).get("GPU", 0)) if with_gpus else 0
            if with_gpus and not gpus:
                continue  # with GPUs in the cluster, engines go where they are
            for _ in range(gpus or 1):
                resources = {"num_gpus": 1, "num_cpus": 1} if gpus else {"num_cpus": 1}
                actors.append(
                    actor.options(scheduling_strategy=strategy, max_concurrency=SLICES_IN_FLIGHT, **resources).remote(
                        str(package.path), (package.name, package.version),
                        self.device, getattr(self._local, "settings", None),
                    )
                )
        if not actors:
            raise ClusterError("the Ray cluster has no live node to run a translation engine on")
        self._actors = actors
        # Each actor appears SLICES_IN_FLIGHT times: its next slice is already queued in
        # CTranslate2 while the last batches of the current one finish, so no thread idles.
        self._pool = ActorPool(actors * SLICES_IN_FLIGHT)

    @property
    def info(self) -> EngineInfo:
        return replace(self._local.info, device=self.device)

    @property
    def cache_key(self) -> str:
        return self._local.cache_key

    def _map(self, method: str, items: Sequence, size: Callable[[object], int]) -> Iterator[tuple[int, object]]:
        """Length-sorted slices to whichever actor is free; results as they finish."""
        order = sorted(range(len(items)), key=lambda i: size(items[i]))
        step = SLICE_TEXTS.get(self.device, SLICE_TEXTS["cpu"])
        slices = [[(i, items[i]) for i in order[n : n + step]] for n in range(0, len(order), step)]
        try:
            for results in self._pool.map_unordered(lambda a, v: getattr(a, method).remote(v), slices):
                yield from results
        except Exception as err:  # a RayTaskError wraps the actor's exception
            cause = getattr(err, "cause", None)
            if isinstance(cause, BilingualError):
                raise cause from None
            raise ModelError(f"a Ray engine actor failed ({type(err).__name__}: {str(err).splitlines()[0]})") from None

    def translate(
        self, sentences: Sequence[str], on_result: Callable[[int, list[Hypothesis]], None] | None = None
    ) -> list[list[Hypothesis]]:
        out: list[list[Hypothesis]] = [[] for _ in sentences]
        for index, hypotheses in self._map("translate", sentences, len):
            out[index] = hypotheses
            if on_result:
                on_result(index, hypotheses)
        return out

    def align(
        self, pairs: Sequence[tuple[str, str]], on_result: Callable[[int], None] | None = None
    ) -> list[tuple[tuple[int, int, int], ...]]:
        out: list[tuple] = [() for _ in pairs]
        for index, alignment in self._map("align", pairs, lambda pair: len(pair[0]) + len(pair[1])):
            out[index] = alignment
            if on_result:
                on_result(index)
        return out

    def close(self) -> None:
        ray = _ray()
        for actor in self._actors:
            ray.kill(actor)


class RayExecutor:
    """Ray tasks for preparing and rendering, ``RayEngine`` for translating."""

    def __init__(self, model: InstalledModel | Engine, options: EditionOptions, *, device: str = "cpu", workers: int | None = None):
        start_ray(workers)
        ray = _ray()
        self._ray = ray
        self.engine = RayEngine(model, device) if isinstance(model, InstalledModel) else model
        self._glossary = ray.put(glossary_bytes(options))
        self._prepare = ray.remote(_prepare_remote)
        self._render = ray.remote(_render_remote)

    def prepare(self, jobs: Iterable[Job], options: EditionOptions) -> Iterator[Document | Failure]:
        return ahead(
            jobs,
            lambda source, data: self._prepare.remote(source, data, options, self._glossary),
            self._ray.get,
            self._ray.cancel,
        )

    def render(self, edition: Document, options: EditionOptions) -> Future:
        return self._render.remote(edition, options).future()

    def close(self) -> None:
        if isinstance(self.engine, RayEngine):
            self.engine.close()


def _prepare_remote(source: str, data: bytes, options: EditionOptions, glossary: tuple[str, bytes] | None) -> Document | Failure:
    if glossary is not None:
        glossary_from_text(*glossary)
    return prepare_job(source, data, options)


def _render_remote(edition: Document, options: EditionOptions) -> dict[str, bytes] | Failure:
    return render_job(edition, options)

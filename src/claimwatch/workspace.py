"""A Workspace is an open store plus settings: everything the CLI does, as library calls."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING, BinaryIO

from claimwatch.errors import BadRequest
from claimwatch.ingest.decode import decode_text
from claimwatch.ingest.items import RawItem
from claimwatch.ingest.jsonl import parse_json_articles
from claimwatch.ingest.network import NetworkFetching
from claimwatch.ingest.pipeline import IngestReport, Progress, ingest, prepare
from claimwatch.ingest.sources import Fetching
from claimwatch.link.index import VectorIndex
from claimwatch.link.update import ClaimVectors, LinkProgress, LinkReport, update_links
from claimwatch.models import Article, IngestFailure, Outlet
from claimwatch.nlp.claim_core import ClaimCore
from claimwatch.nlp.report import AnalysisProgress, AnalysisReport
from claimwatch.settings import Settings
from claimwatch.store import Store, facets, queries, queries_link, queries_nlp, writer_link
from claimwatch.store.search import SearchHit, search_articles
from claimwatch.store.writer_nlp import (
    StanceRow,
    claim_key,
    save_analysis,
    save_stances,
    statement_id,
)

if TYPE_CHECKING:
    from claimwatch.verify.check import CheckResult
    from claimwatch.verify.factcheck_import import FactCheckImport

#: Canonical claims found in at least this many articles get their evidence read when
#: linked, so that ``check`` only reads the store; others are read at their first check.
PRECOMPUTED_ARTICLES = 3


class Workspace:
    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._vectors: ClaimVectors | None = None
        self._fact_check_index: tuple[int, VectorIndex] | None = None

    @property
    def vectors(self) -> ClaimVectors:
        """The vector index of linked claims (loaded or rebuilt once per workspace)."""
        if self._vectors is None:
            self._vectors = ClaimVectors(self.store, self.settings)
        return self._vectors

    # -- writing ----------------------------------------------------------------------------

    def ingest(
        self,
        sources: Iterable[str],
        *,
        stdin: BinaryIO | None = None,
        progress: Progress | None = None,
        fetching: Fetching | None = None,
    ) -> IngestReport:
        """Ingest files, folders, URLs, feeds and ``-`` (stdin) into the store."""
        own = fetching is None
        fetching = fetching or NetworkFetching(self.settings, self.store)
        try:
            return ingest(
                self.store,
                sources,
                fetching=fetching,
                max_bytes=self.settings.max_input_bytes,
                stdin=stdin,
                progress=progress,
            )
        finally:
            if own and isinstance(fetching, NetworkFetching):
                fetching.close()

    def reextract(self, progress: Progress | None = None) -> IngestReport:
        """Extract every article again from its kept raw input, with the current extractors."""
        report = IngestReport()
        todo = queries.article_ids_with_raw(self.store.engine)
        report.inputs = len(todo)
        for done, (article_id, raw_id) in enumerate(todo, start=1):
            article = queries.get_article(self.store.engine, article_id)
            try:
                item = self._raw_item(article, raw_id)
                incoming = prepare(item, raw_id=raw_id)
            except Exception as exc:  # one bad article must not stop the others
                report.failures.append(IngestFailure(article.origin, str(exc)))
                continue
            incoming = replace(incoming, article=replace(incoming.article, id=article_id))
            result = self.store.writer.replace_text(incoming)
            setattr(report, result.outcome, getattr(report, result.outcome) + 1)
            if progress:
                progress(done, len(todo), report)
        return report

    def _raw_item(self, article: Article, raw_id: str) -> RawItem:
        kind, media_type, data = queries.raw_input(self.store.engine, raw_id)
        meta = queries.source_meta(self.store.engine, article.id)
        if kind == "article" and data.lstrip().startswith(b"{"):
            for found in parse_json_articles(data.decode("utf-8"), article.origin):
                if isinstance(found, RawItem):
                    return replace(found, origin=article.origin, source=article.source)
                raise found
        content = decode_text(data, origin=article.origin)
        return RawItem(
            origin=article.origin,
            kind=kind,  # type: ignore[arg-type]
            content=content,
            url=article.url,
            source=article.source,
            meta=meta,
            raw=data,
            media_type=media_type,
        )

    def analyze(
        self,
        *,
        everything: bool = False,
        processes: int = 1,
        progress: AnalysisProgress | None = None,
    ) -> AnalysisReport:
        """Find entities, statements and reported claims in the articles that the current
        component versions have not seen yet (all articles with ``everything``)."""
        from claimwatch.nlp.components import default_versions
        from claimwatch.nlp.run import analyse

        versions = default_versions()
        tasks = queries_nlp.pending_articles(self.store.engine, versions, everything=everything)
        report = AnalysisReport(articles=len(tasks))
        if not tasks:
            return report
        for done, doc in enumerate(analyse(tasks, processes=processes), start=1):
            save_analysis(self.store.engine, doc, versions)
            report.count(doc)
            if progress:
                progress(done, len(tasks), report)
        return report

    def link(
        self,
        *,
        rebuild: bool = False,
        stories: bool = True,
        progress: LinkProgress | None = None,
    ) -> LinkReport:
        """Embed new claims, link them into canonical claims, group articles into stories
        (unless ``stories`` is false) and match claims to fact-checks. ``rebuild`` drops
        every link and starts again."""
        from claimwatch.verify.check import read_evidence

        if rebuild:
            writer_link.drop_links(self.store.engine)
        report = update_links(
            self.store, self.settings, vectors=self.vectors, progress=progress, stories=stories
        )
        todo = queries_link.widespread(self.store.engine, report.touched, PRECOMPUTED_ARTICLES)
        for n, canonical in enumerate(todo, 1):
            read_evidence(self, canonical)
            if progress:
                progress("read stances", n, len(todo))
        return report

    def import_fact_checks(
        self, paths: Iterable[str], *, progress: Callable[[int, int], None] | None = None
    ) -> FactCheckImport:
        """Read fact-checks (ClaimReview JSON-LD, HTML or feeds; CheckThat! TSV;
        EUvsDisinfo CSV), embed their claims, store them and match them to the canonical
        claims. Bad records are reported, the rest are stored."""
        from claimwatch.verify.factcheck_import import import_fact_checks

        return import_fact_checks(self.store, self.settings, paths, progress=progress)

    # -- reading ----------------------------------------------------------------------------

    def canonical_claim(self, canonical_id: str) -> queries_link.CanonicalRecord:
        return queries_link.get_canonical(self.store.engine, canonical_id)

    def canonical_claims(
        self, *, min_articles: int = 1, limit: int = 50, offset: int = 0
    ) -> list[queries_link.CanonicalRecord]:
        """Canonical claims, the most widely spread first."""
        return queries_link.list_canonicals(
            self.store.engine, min_articles=min_articles, limit=limit, offset=offset
        )

    def appearances(self, canonical_id: str) -> list[queries_link.MemberRecord]:
        """Every wording of a canonical claim in the store, oldest first."""
        return queries_link.canonical_members(self.store.engine, [canonical_id])

    def stories(self, *, min_size: int = 1, limit: int = 50) -> list[queries_link.StoryRecord]:
        return queries_link.list_stories(self.store.engine, min_size=min_size, limit=limit)

    def story(
        self, story_id: str
    ) -> tuple[queries_link.StoryRecord, list[queries_link.StoryArticle]]:
        return queries_link.get_story(self.store.engine, story_id)

    def fact_check_index(self) -> VectorIndex:
        """The vector index of imported fact-checks (built once per workspace, again
        when their number changes)."""
        count = queries_link.count_fact_checks(self.store.engine)
        if self._fact_check_index is None or self._fact_check_index[0] != count:
            ids, vectors = queries_link.fact_check_vectors(self.store.engine)
            self._fact_check_index = (count, VectorIndex.build(ids, vectors))
        return self._fact_check_index[1]

    def check(self, claim: str) -> CheckResult:
        """Everything the store knows about ``claim``: matching canonical claims, known
        fact-checks, evidence for and against, the timeline and a verdict suggestion."""
        from claimwatch.verify.check import check_claim

        return check_claim(self, claim)

    def stats(self) -> queries.Stats:
        return queries.stats(self.store.engine)

    def articles(
        self,
        *,
        outlet: str | None = None,
        language: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Article]:
        flt = queries.ArticleFilter(outlet, language, since, until, limit, offset)
        return queries.list_articles(self.store.engine, flt)

    def article(self, article_id: str) -> Article:
        return queries.get_article(self.store.engine, article_id)

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        return search_articles(self.store.engine, query, limit)

    def find(
        self,
        query: str = "",
        *,
        kind: str = "articles",
        outlet: str | None = None,
        language: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        speaker_type: str | None = None,
        stance: str | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> facets.FindResult:
        """The search page: one page of articles, statements or claims matching ``query``
        and the filters, their number, and facet counts (claimwatch.store.facets)."""
        return facets.find(
            self.store.engine, query, kind=kind, outlet=outlet, language=language,
            since=since, until=until, speaker_type=speaker_type, stance=stance,
            limit=limit, offset=offset,
        )  # fmt: skip

    def outlets(self) -> list[tuple[Outlet, int]]:
        return queries.get_outlets(self.store.engine)

    def outlet_names(self) -> dict[str, str]:
        return queries.outlet_names(self.store.engine)

    def failures(self) -> list[IngestFailure]:
        return queries.list_failures(self.store.engine)

    def statements(
        self,
        *,
        article: str | None = None,
        speaker: str | None = None,
        act: str | None = None,
        limit: int = 200,
    ) -> list[queries_nlp.StatementRecord]:
        return queries_nlp.list_statements(
            self.store.engine, article_id=article, speaker=speaker, act=act, limit=limit
        )

    def claims(
        self, *, article: str | None = None, min_score: float | None = None, limit: int = 200
    ) -> list[queries_nlp.ClaimRecord]:
        """Claim candidates in self-contained words, oldest article first; ``min_score``
        keeps those at least that check-worthy (unscored ones drop out)."""
        return queries_nlp.list_claims(
            self.store.engine, article_id=article, min_score=min_score, limit=limit
        )

    def stance(self, claim: str, article_id: str) -> list[queries_nlp.StanceRecord]:
        """The article's stance toward ``claim`` and each of its speakers', decided now and
        stored (the article's own row first, then one row per speaker statement that
        decided something, with its reason)."""
        core = _claim_core(claim)
        article = self.article(article_id)
        if article.language not in (None, "en"):
            raise BadRequest(
                f"{article_id}: stance needs English text and this article is in "
                f"'{article.language}'"
            )
        self._decide_stance(claim, core, article)
        return queries_nlp.list_stances(
            self.store.engine, claim_key=claim_key(claim), article_id=article_id
        )

    def stances(
        self,
        claim: str,
        *,
        limit: int = 50,
        progress: Callable[[int, int], None] | None = None,
    ) -> list[queries_nlp.StanceRecord]:
        """Every English article that shares words with ``claim`` (the best ``limit`` by
        full-text rank), each read for its stance and its speakers'; all stored. Returns
        the stored rows for the claim, oldest article first."""
        from claimwatch.nlp.stance_evidence import content_words

        core = _claim_core(claim)
        words = " ".join(sorted(content_words(claim)))
        hits = search_articles(self.store.engine, words, limit, any_word=True)
        todo = [h.article for h in hits if h.article.language in (None, "en")]
        for n, article in enumerate(todo, 1):
            self._decide_stance(claim, core, article)
            if progress:
                progress(n, len(todo))
        return queries_nlp.list_stances(self.store.engine, claim_key=claim_key(claim))

    def _decide_stance(
        self, claim: str, core: ClaimCore, article: Article, *, key: str | None = None
    ) -> None:
        from claimwatch.nlp.article_stance import ARTICLE_STANCE_VERSION, article_stance
        from claimwatch.nlp.stance import StanceModel

        found, reported = queries_nlp.article_annotations(self.store.engine, article.id)
        model = StanceModel.load()
        result = article_stance(claim, core, article.title, article.text, found, reported, model)
        rows = [StanceRow(None, None, result.label, result.score, result.reason)]
        for s in result.statements:
            said = found[s.index]
            rows.append(
                StanceRow(
                    statement_id(article.id, said.content), said.speaker, s.label, s.score,
                    s.reason,
                )
            )  # fmt: skip
        component = f"{ARTICLE_STANCE_VERSION}+{model.version}"
        save_stances(self.store.engine, claim, article.id, rows, component, key=key)

    def reported_claims(self, article_id: str) -> list[queries_nlp.ReportedClaimRecord]:
        return queries_nlp.list_reported_claims(self.store.engine, article_id)

    def speakers(self, *, limit: int = 500) -> list[queries_nlp.SpeakerRecord]:
        return queries_nlp.list_speakers(self.store.engine, limit)

    def entities(self, article_id: str) -> list[queries_nlp.EntityRecord]:
        return queries_nlp.article_entities(self.store.engine, article_id)

    def analysis_status(self, article_id: str) -> dict[str, tuple[str, str | None]]:
        return queries_nlp.analysis_status(self.store.engine, article_id)

    # -- lifetime ---------------------------------------------------------------------------

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _claim_core(claim: str) -> ClaimCore:
    """The claim's predicate and arguments, from its parse; an empty claim is refused."""
    from claimwatch.nlp.claim_core import claim_core
    from claimwatch.nlp.english import load_english

    if not claim.strip():
        raise BadRequest("the claim is empty: give the claim's words")
    return claim_core(load_english()(claim))


def open_workspace(db: str | None = None, settings: Settings | None = None) -> Workspace:
    """Open (creating and migrating as needed) the store ``db``: a SQLite path, ``:memory:``
    or a ``postgresql://`` URL. Without ``db``: ``CLAIMWATCH_DB``, else ``claimwatch.db``."""
    settings = settings or Settings.from_env()
    if db is not None:
        settings = replace(settings, db=db)
    store = Store.open(settings.db, near_duplicate_threshold=settings.near_duplicate_threshold)
    return Workspace(store, settings)

"""Command line: one command = one library call. ``storyline --help`` lists them, each with an example."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .config import SummaryConfig
from .errors import SKIP_REASONS, StorylineError

app = typer.Typer(
    name="storyline",
    help="Turn a pile of news coverage into verified stories.\n\nExample: storyline run examples/corpus --out out",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Evaluate a stage on a labelled dataset (prints one JSON object).", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

out = Console()
err = Console(stderr=True, soft_wrap=True)  # never break file names across lines

DB_OPTION = typer.Option(Path("storyline.db"), "--db", help="SQLite store file.")
QUIET_OPTION = typer.Option(False, "--quiet", "-q", help="No progress bar and no summary table.")
CONFIG_OPTION = typer.Option(None, "--config", help="TOML configuration file.")
MAX_BYTES_OPTION = typer.Option(None, "--max-bytes", help="Skip files larger than this many bytes.")
SET_OPTION = typer.Option(None, "--set", metavar="TABLE.FIELD=VALUE",
                          help="Set any configuration field, e.g. --set summary.words=120 (repeatable; "
                          "`storyline config` lists them).")
WORDS_OPTION = typer.Option(None, "--words", help=f"Word budget of each story summary (default "
                            f"{SummaryConfig().words}; the same as --set summary.words=N).")
LLM_URL_OPTION = typer.Option(None, "--llm-url", help="OpenAI-compatible chat endpoint for an abstractive summary "
                              "(verified sentence by sentence; off by default).")
LLM_MODEL_OPTION = typer.Option(None, "--llm-model", help="Model name for --llm-url.")
REBUILD_OPTION = typer.Option(False, "--rebuild", help="Parse every input file and analyse every story again, "
                              "even when unchanged since the last run.")

#: Exit status of a run that wrote its report but could not analyse some stories (see the run summary).
EXIT_FAILURES = 3


def _overrides(max_bytes: int | None = None, words: int | None = None, llm_url: str | None = None,
               llm_model: str | None = None) -> dict[str, dict[str, Any]]:
    """The specific flags as configuration overrides (``None``: not given)."""
    return {"ingest": {"max_bytes": max_bytes}, "summary": {"words": words},
            "llm": {"base_url": llm_url, "model": llm_model}}


def _workspace(db: Path, config: Path | None, overrides: dict[str, dict[str, Any]] | None = None,
               sets: list[str] | None = None, existing: bool = False, engine: str = "local",
               spark: Any = None) -> Any:
    from .config import load_config
    from .engine import Workspace
    from .errors import ConfigError, InputError

    if existing and str(db) != ":memory:" and not Path(db).is_file():
        # A typo in --db must not look like "no stories": reading commands never create a store.
        raise InputError(f"no store at {db} (create one with `storyline ingest PATHS --db {db}`)")

    cfg = load_config(config, overrides, sets)
    if engine == "spark":
        from .engine.spark import SparkWorkspace

        return SparkWorkspace(db, cfg, settings=spark)
    if engine != "local":
        raise ConfigError(f"--engine {engine!r}: expected local or spark")
    return Workspace(db, cfg)


@contextmanager
def _progress(quiet: bool, label: str) -> Iterator[Callable[[int, int, str], None] | None]:
    if quiet:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err, transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int, current: str) -> None:
            stage = current if current in {"near-duplicates", "stories", "analysis"} else label
            bar.update(task, completed=done, total=total, description=stage)

        yield update


def _print_ingest_summary(result: Any, quiet: bool) -> None:
    by_reason: dict[str, list[Any]] = {}
    for skip in result.skipped:
        by_reason.setdefault(skip.reason, []).append(skip)
    for reason, skips in by_reason.items():  # every skip names its file (and line); capped per reason
        for skip in skips[:5]:
            err.print(f"[yellow]skipped[/] {escape(skip.where())}: {escape(skip.message)}", markup=True,
                      highlight=False)
        if len(skips) > 5:
            err.print(f"[yellow]skipped[/] … and {len(skips) - 5} more ({reason}); "
                      "`storyline skips` lists them all", markup=True)
    if quiet:
        return
    table = Table(title="ingest summary", show_header=True)
    table.add_column("outcome")
    table.add_column("count", justify="right")
    table.add_row("ingested", str(result.ingested))
    table.add_row("already stored", str(len(result.already_stored)))
    table.add_row("files unchanged since last read", str(result.unchanged_files))
    table.add_row("exact duplicates", str(len(result.duplicates)))
    for reason, skips in sorted(by_reason.items()):
        table.add_row(f"skipped: {reason} ({SKIP_REASONS.get(reason, '')})", str(len(skips)))
    err.print(table)


def _exit_if_nothing(result: Any) -> None:
    if result.ingested == 0 and not result.already_stored and not result.unchanged_files:
        err.print("Error: nothing could be ingested from the given paths.")
        raise typer.Exit(1)


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files, folders or glob patterns (txt, html, jsonl, rss, warc)."),
    db: Path = DB_OPTION,
    max_bytes: int | None = MAX_BYTES_OPTION,
    config: Path | None = CONFIG_OPTION,
    sets: list[str] | None = SET_OPTION,
    quiet: bool = QUIET_OPTION,
    rebuild: bool = REBUILD_OPTION,
) -> None:
    """Read articles into the store (idempotent: re-ingesting adds nothing; unchanged files are not re-read).

    Example: storyline ingest examples/corpus feeds/*.xml --db news.db
    """
    with _workspace(db, config, _overrides(max_bytes), sets) as ws, _progress(quiet, "ingesting") as progress:
        result = ws.ingest(paths, progress=progress, rebuild=rebuild)
    _print_ingest_summary(result, quiet)
    _exit_if_nothing(result)


@app.command()
def articles(
    db: Path = DB_OPTION,
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line instead of a table."),
    limit: int = typer.Option(0, "--limit", help="Show at most this many (0 = all)."),
) -> None:
    """List stored articles.

    Example: storyline articles --db news.db --json --limit 5
    """
    with _workspace(db, None, existing=True) as ws:
        items = ws.articles()
    if limit:
        items = items[:limit]
    if as_json:
        for a in items:
            d = a.to_dict()
            d.pop("text")
            d["words"] = len(a.text.split())
            sys.stdout.write(json.dumps(d, ensure_ascii=False) + "\n")
        return
    table = Table(show_header=True)
    for col in ("id", "outlet", "published", "source", "title", "duplicate_of"):
        table.add_column(col, overflow="fold")
    for a in items:
        table.add_row(escape(a.id), escape(a.outlet or "—"), f"{a.published or '—'} ({a.published_source})",
                      escape(a.source), escape(a.title[:80]), escape(a.duplicate_of or ""))
    out.print(table)


@app.command()
def run(
    paths: list[str] = typer.Argument(..., help="Files, folders or glob patterns to ingest first."),
    out_dir: Path = typer.Option(..., "--out", help="Folder for report.json, index.html and story pages."),
    db: Path = DB_OPTION,
    max_bytes: int | None = MAX_BYTES_OPTION,
    config: Path | None = CONFIG_OPTION,
    words: int | None = WORDS_OPTION,
    llm_url: str | None = LLM_URL_OPTION,
    llm_model: str | None = LLM_MODEL_OPTION,
    sets: list[str] | None = SET_OPTION,
    quiet: bool = QUIET_OPTION,
    rebuild: bool = REBUILD_OPTION,
    engine: str = typer.Option("local", "--engine", help="local (this machine) or spark (the same stages on "
                               "Apache Spark; needs the [spark] extra and Java)."),
    master: str | None = typer.Option(None, "--master", help="Spark master for --engine spark: local[2], "
                                      "spark://host:7077, yarn (default: spark-submit's, else local[*])."),
    partitions: int = typer.Option(0, "--partitions", help="Spark partitions (0: the cluster's default "
                                   "parallelism); results never depend on it."),
    spark_conf: list[str] | None = typer.Option(None, "--spark-conf", metavar="KEY=VALUE",
                                                help="Extra Spark setting (repeatable)."),
) -> None:
    """Ingest, group into stories and write the report and the run's Parquet tables (OUT/tables/).

    Incremental: unchanged input files are not parsed again and unchanged stories keep their stored
    analysis (--rebuild redoes both). A story whose analysis fails is reported with the failure and the
    run goes on. Exit status: 0 done, 1 nothing could be ingested, 3 report written but some stories failed.
    With --engine spark, PATHS may also be Hadoop URIs (hdfs://, s3a://, file://) and the report is the
    same as the local engine's.

    Example: storyline run examples/corpus --out out/demo --words 120
    """
    from .errors import InputError

    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"--out {out_dir} is a file, not a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the report folder {out_dir}: {exc.strerror or exc}") from exc
    overrides = _overrides(max_bytes, words, llm_url, llm_model)
    settings = None
    if engine == "spark":
        from .engine.spark.session import SparkSettings, parse_conf

        settings = SparkSettings(master=master, partitions=partitions, conf=parse_conf(spark_conf))
    with _workspace(db, config, overrides, sets, engine=engine, spark=settings) as ws, \
            _progress(quiet, "ingesting") as progress:
        result = ws.run(paths, out_dir, progress=progress, rebuild=rebuild)
    _print_ingest_summary(result.ingest, quiet)
    _exit_if_nothing(result.ingest)
    for failure in result.failures:
        err.print(f"[red]story {escape(failure.story_id)} failed[/] in {failure.stage}: "
                  f"{escape(failure.kind)}: {escape(failure.message)}", markup=True, highlight=False)
    noun = "story" if len(result.stories) == 1 else "stories"
    err.print(f"{len(result.stories)} {noun} ({result.analysed} analysed, {result.reused} unchanged since the "
              f"last run); report written to {escape(str(result.report_path))} and "
              f"{escape(str(Path(out_dir) / 'index.html'))} ({result.seconds:.1f} s)", highlight=False)
    if result.failures:
        err.print(f"completed with {len(result.failures)} failure{'s' if len(result.failures) != 1 else ''} "
                  "(the failed stories are in the report without their analysis)", highlight=False)
        raise typer.Exit(EXIT_FAILURES)


@app.command("config")
def show_config(
    config: Path | None = CONFIG_OPTION,
    sets: list[str] | None = SET_OPTION,
    max_bytes: int | None = MAX_BYTES_OPTION,
    words: int | None = WORDS_OPTION,
    llm_url: str | None = LLM_URL_OPTION,
    llm_model: str | None = LLM_MODEL_OPTION,
    as_json: bool = typer.Option(False, "--json", help="JSON ({config, origin}) instead of TOML."),
) -> None:
    """Print the effective configuration as TOML, each value followed by where it came from.

    Layers: defaults < --config file < STORYLINE_<TABLE>_<FIELD> environment variables < flags (--set and
    the specific ones). The output is itself a valid --config file; --json gives {config, origin}.

    Example: storyline config --config storyline.toml --set summary.words=120
    """
    from .config import describe_config

    sys.stdout.write(describe_config(config, _overrides(max_bytes, words, llm_url, llm_model), sets, as_json=as_json))
    if as_json:
        sys.stdout.write("\n")


@app.command()
def skips(
    db: Path = DB_OPTION,
    as_json: bool = typer.Option(False, "--json", help="One JSON object per skip instead of a table."),
    reason: str | None = typer.Option(None, "--reason", help="Only skips with this reason key."),
) -> None:
    """List every input skipped so far (file, line, reason, message), as stored with each run.

    Example: storyline skips --db news.db --reason malformed_json
    """
    with _workspace(db, None, existing=True) as ws:
        items = [s for s in ws.skips() if reason is None or s.reason == reason]
    if as_json:
        for s in items:
            sys.stdout.write(json.dumps({"source": s.source, "line": s.line, "reason": s.reason,
                                         "message": s.message}, ensure_ascii=False) + "\n")
        return
    if not items:
        out.print("no skips recorded")
        return
    table = Table(show_header=True)
    for col in ("where", "reason", "message"):
        table.add_column(col, overflow="fold")
    for s in items:
        table.add_row(escape(s.where()), escape(s.reason), escape(s.message))
    out.print(table)


@app.command()
def duplicates(
    db: Path = DB_OPTION,
    as_json: bool = typer.Option(False, "--json", help="One JSON object per group instead of a listing."),
) -> None:
    """List near- and exact-duplicate groups with pair scores and the reason for each pair.

    Example: storyline duplicates --db news.db --json
    """
    with _workspace(db, None, existing=True) as ws:
        ws.find_duplicates()
        groups = ws.duplicate_groups()
        titles = {a.id: (a.outlet or "—", a.title) for a in ws.articles()}
    if as_json:
        for g in groups:
            sys.stdout.write(json.dumps({"representative": g.representative, "members": g.members,
                                         "pairs": g.pairs}, ensure_ascii=False) + "\n")
        return
    if not groups:
        out.print("no duplicates")
    for g in groups:
        outlet, title = titles[g.representative]
        out.print(f"[bold]{escape(g.representative)}[/] {escape(outlet)}: {escape(title)}")
        for p in g.pairs:
            out.print(f"  {p['article']} ~ {p['other']}  {p['kind']}  J={p['jaccard']:.2f} "
                      f"C={p['containment']:.2f}  {p['reason']}", highlight=False, markup=False)


@app.command()
def stories(
    db: Path = DB_OPTION,
    as_json: bool = typer.Option(False, "--json", help="One JSON object per story instead of a table."),
    limit: int = typer.Option(0, "--limit", help="Show at most this many (0 = all)."),
) -> None:
    """List stories with size, outlets, date span and title (assigning new articles first).

    Example: storyline stories --db news.db --limit 20
    """
    with _workspace(db, None, existing=True) as ws:
        ws.find_duplicates()
        ws.assign_stories()
        items = ws.stories()
        outlets = {a.id: a.outlet for a in ws.articles()}
    items = items[:limit] if limit else items
    rows = []
    for st in items:
        names = sorted({outlets[a] for a in st.articles if outlets.get(a)})
        span = (f"{st.first_published}" if st.first_published == st.last_published
                else f"{st.first_published} – {st.last_published}") if st.first_published else "—"
        rows.append({"id": st.id, "size": len(st.articles), "outlets": names, "dates": span, "title": st.title})
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    table = Table(show_header=True)
    for col in ("id", "size", "outlets", "dates", "title"):
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(escape(row["id"]), str(row["size"]), escape(", ".join(row["outlets"])[:60]), row["dates"],
                      escape(row["title"][:80]))
    out.print(table)


@app.command()
def story(
    story_id: str = typer.Argument(..., help="Story id as listed by `storyline stories`."),
    db: Path = DB_OPTION,
    as_json: bool = typer.Option(False, "--json", help="JSON instead of a listing."),
) -> None:
    """Show one story: its articles and why each is there (same-event probability, core, evidence, low confidence).

    Example: storyline story s1a2b3c4 --db news.db
    """
    from .errors import InputError

    with _workspace(db, None, existing=True) as ws:
        found = ws.story(story_id)
    if found is None:
        raise InputError(f"no story {story_id!r} in {db}")
    st, reasons = found
    if as_json:
        sys.stdout.write(json.dumps({"id": st.id, "title": st.title, "merged_from": st.merged_from,
                                     "first_published": str(st.first_published or ""),
                                     "last_published": str(st.last_published or ""), "articles": reasons},
                                    ensure_ascii=False) + "\n")
        return
    out.print(f"[bold]{st.title}[/]  ({st.id}, {len(st.articles)} articles)")
    for r in reasons:
        if r.get("non_article"):
            why = f"not an article ({r['non_article']}): kept out of stories"
        elif r.get("duplicate_of"):
            why = f"duplicate of {r['duplicate_of']}"
        elif r["opened_story"]:
            why = "opened the story" + (f" (nearest other story: p={r['score']}, matched {r['best_match']})"
                                        if r["best_match"] else "")
        else:
            flag = "  [yellow]low confidence[/]" if r.get("low_confidence") else ""
            core = r.get("core") or []
            why = (f"p(same event)={r['score']} against a core of {len(core)} (cosine {r.get('cosine')}), "
                   f"closest {r['best_match']}; evidence: {', '.join(r['evidence'][:8])}{flag}")
        out.print(f"  {r['article']}  {r['published'] or '—'}  {r['outlet'] or '—'}: {r['title']}\n    {why}",
                  highlight=False)


@app.command()
def serve(
    db: Path = DB_OPTION,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (loopback by default)."),
    port: int = typer.Option(8750, "--port", help="Port to listen on."),
    allow_writes: bool = typer.Option(False, "--allow-writes", help="Accept POST /api/articles (needs a token)."),
    watch: Path | None = typer.Option(None, "--watch", help="Ingest files dropped into this folder (polled "
                                      "every 5 s; unchanged files are not read again)."),
    config: Path | None = CONFIG_OPTION,
    tables: Path | None = typer.Option(None, "--tables", help="Serve a run's Parquet tables (OUT or OUT/tables, "
                                       "from either engine) instead of a store: they are loaded into a fresh "
                                       "store at --db (default: a temporary file)."),
) -> None:
    """Serve the stories of a store as a local web app: every page with a JSON twin (read-only by default).

    With --allow-writes, POST /api/articles ingests articles; it needs `Authorization: Bearer <token>`, the
    token taken from STORYLINE_TOKEN or printed at start.

    Example: storyline serve --db out/demo/storyline.db   (or: storyline serve --tables out/spark)
    """
    import os
    import secrets

    if tables is not None:
        from .tables.load import store_from_tables

        db = store_from_tables(tables, None if db == DB_OPTION.default else db, config)

    try:
        from .web.server import serve as run_server
    except ImportError as exc:
        raise StorylineError("storyline serve needs the web extra: pip install 'storyline[web]'") from exc
    with _workspace(db, config, existing=True) as ws:
        cfg = ws.config
    token = (os.environ.get("STORYLINE_TOKEN") or secrets.token_urlsafe(24)) if allow_writes else None
    out.print(f"storyline: serving {escape(str(db))} at http://{host}:{port}/ (Ctrl-C stops)", highlight=False)
    if token and not os.environ.get("STORYLINE_TOKEN"):
        out.print(f"write token: {token}", highlight=False)
    if watch is not None:
        out.print(f"watching {escape(str(watch))} for new articles", highlight=False)
    run_server(db, host, port, config=cfg, allow_writes=allow_writes, token=token, watch=watch)


@eval_app.command("stories")
def eval_stories(
    file: Path = typer.Argument(..., help="JSONL (or .jsonl.gz) with one article per line, or a folder of pages."),
    text_field: str | None = typer.Option(None, "--text-field", help="Field holding the text (JSONL input)."),
    label_field: str = typer.Option(..., "--label-field", help="Field holding the gold story label."),
    title_field: str | None = typer.Option(None, "--title-field", help="Field holding the title."),
    date_field: str | None = typer.Option(None, "--date-field", help="Field holding the publication date."),
    id_field: str | None = typer.Option(None, "--id-field", help="Field holding the article id."),
    labels: Path | None = typer.Option(None, "--labels", help="Labels JSONL for a folder of pages."),
    file_field: str = typer.Option("file", "--file-field", help="Labels field naming the page file."),
) -> None:
    """Cluster a labelled set in date order and print B-cubed P/R/F1, ARI and speed as JSON.

    A JSONL file is clustered directly; a folder of pages (with --labels) goes through the whole pipeline
    (ingest, duplicates, stories) in a throw-away store, with progress on stderr.

    Example: storyline eval stories docs.jsonl --text-field text --label-field event_id --date-field date

    Example: storyline eval stories pages/ --labels events.jsonl --label-field event --file-field file
    """
    from .errors import ConfigError
    from .eval.stories import evaluate_pages, evaluate_stories

    _need(file)
    if file.is_dir():
        if labels is None:
            raise ConfigError("a folder of pages needs --labels LABELS.jsonl")
        _need(labels)
        result = evaluate_pages(file, labels, label_field=label_field, file_field=file_field)
    else:
        if text_field is None:
            raise ConfigError("a JSONL file needs --text-field")
        result = evaluate_stories(file, text_field=text_field, label_field=label_field, title_field=title_field,
                                  date_field=date_field, id_field=id_field)
    sys.stdout.write(json.dumps(result) + "\n")


def _need(file: Path) -> None:
    if not file.exists():
        from .errors import InputError

        raise InputError(f"no such file: {file}")


@eval_app.command("reuse")
def eval_reuse(file: Path = typer.Argument(..., help="JSONL with source_text, text (or answer_text), label.")) -> None:
    """Graded text reuse (cut/light/heavy/non): 4-class and binary accuracy as JSON.

    Example: storyline eval reuse ../shared/datasets/clough_text_reuse/pairs.jsonl
    """
    from .eval.reuse import evaluate_reuse

    _need(file)
    sys.stdout.write(json.dumps(evaluate_reuse(file)) + "\n")


@eval_app.command("paraphrase")
def eval_paraphrase(file: Path = typer.Argument(..., help="JSONL with sentence1, sentence2, label.")) -> None:
    """Sentence paraphrase detection (MRPC format): accuracy and F1 as JSON.

    Example: storyline eval paraphrase ../shared/datasets/mrpc_news_paraphrase/pairs.jsonl
    """
    from .eval.reuse import evaluate_paraphrase

    _need(file)
    sys.stdout.write(json.dumps(evaluate_paraphrase(file)) + "\n")


@eval_app.command("summary")
def eval_summary(
    file: Path = typer.Argument(..., help="JSONL clusters: documents [{title, text}] and reference {text}."),
    words: int = typer.Option(66, "--words", help="Word budget of each summary."),
) -> None:
    """Multi-document summaries against references: ROUGE-1/2/L F1 and the share of cited sentences as JSON.

    Example: storyline eval summary ../shared/datasets/neus_allsides_mds/clusters.jsonl --words 66
    """
    from .eval.summary import evaluate_summary

    _need(file)
    sys.stdout.write(json.dumps(evaluate_summary(file, words=words)) + "\n")


def main() -> None:
    """Console entry point: typed errors become ``Error: …`` and exit status 1, never a traceback."""
    try:
        app()
    except StorylineError as exc:
        err.print(f"Error: {exc}", highlight=False, markup=False)
        sys.exit(1)


if __name__ == "__main__":
    main()

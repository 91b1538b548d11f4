"""The build pipeline, the one path every command takes:

    pages ─parse─▶ endpoints ─overrides─▶ spec texts ─load─▶ endpoints as the specs say ─render─▶ package files

Every step takes a Cache, and an absent cache (`Cache(None)`, the default for library callers)
stores nothing: a cached run and an uncached one run the same code and give the same bytes. The
cache levels, from coarse to fine:

* `build`: the whole result (spec files, package files, diagnostics), keyed by every input page's name
  and bytes, the override files, and the toolchain (every generator module, every template, tool
  versions). A no-op `build` or `check` reads the pages, hashes them and compares folders: it never
  imports the parser, jinja2 or black.
* `parse`: one page's `PageResult`, keyed by its bytes and name and the parse step's code
  (cache.step_version). `link` (cross-page, cheap) always runs on the full set.
* `load`: per endpoint, its spec text and the Endpoint loaded back from that text, keyed by the
  endpoint's content (an unchanged endpoint is neither dumped nor loaded again); and a spec text's
  Endpoint keyed by the text (`generate`, `openapi`, `diff`, the CHANGELOG).
* `black`: see blockwise.py.

Writing folders lives in folders.py; formatting in blockwise.py.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from . import regex_cache, stamps
from .cache import Cache, Pack, digest, step_version, toolchain_version
from .folders import read_folder, write_folder  # noqa: F401 - re-exported for callers of the pipeline
from .model import Diagnostic, Endpoint
from .pages import Page, page_files, read_pages, unreadable
from .progress import Progress

SCHEMA_NAME = "schema.json"
SPEC_SUFFIXES = (".yaml", ".yml")
BUILD_ENTRIES_KEPT = 6  # whole-build entries are a few MB each: keep only the recent ones
PARALLEL_MIN_PAGES = 64  # below this many misses, worker start-up costs more than it saves
PACK_SLACK = 16  # values a Pack may miss (found elsewhere or made again) before it is written again


@dataclass
class SpecSet:
    """Spec file texts keyed by file name, with the endpoints and diagnostics they came from."""

    files: dict[str, str]
    endpoints: list[Endpoint]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    pages: int = 0


@dataclass
class BuildResult:
    spec_files: dict[str, str]
    package_files: dict[str, str]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    pages: int = 0
    endpoints: int = 0
    skipped: dict[str, str] = field(default_factory=dict)  # page -> why it gave no endpoint (a code)
    page_names: list[str] = field(default_factory=list)


def _cache(cache: Cache | None) -> Cache:
    return cache if cache is not None else Cache(None)


def is_spec_name(name: str) -> bool:
    """A spec file of a spec folder: a YAML file directly in it."""
    return "/" not in name and name.endswith(SPEC_SUFFIXES)


# ---------------------------------------------------------------------------- pages

def scan_pages(paths: list[Path], cache: Cache | None = None) -> list[Page]:
    """read_pages through the page stamps (stamps.py): a page whose stat signature the last record
    vouches for is not read, only named with its recorded digest (page_data reads it when needed);
    the others are read and hashed, and the record is renewed. Without a cache every page is read."""
    cache = _cache(cache)
    what = ("pages", os.getcwd(), *[p.as_posix() for p in paths])
    record = stamps.load(cache, *what)
    record = record if isinstance(record, stamps.Record) else stamps.Record()
    stamp = stamps.probe(cache)  # before any signature is taken
    pages: list[Page] = []
    files: dict[str, tuple[stamps.Signature, str]] = {}
    read = 0
    for name, f in page_files(paths):
        where = str(f)
        try:
            sig = stamps.signature(os.stat(f))
            known = record.trusted(where, sig)
            if known is not None:
                pages.append(Page(name, None, None, f, known))
                files[where] = (sig, known)
                continue
            with open(f, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            pages.append(Page(name, None, str(exc.strerror or exc)))
            continue
        read += 1
        pages.append(Page(name, data, None, f, stamps.bytes_digest(data)))
        files[where] = (sig, pages[-1].digest)  # type: ignore[assignment]
    if stamp is not None and (read or files.keys() != record.files.keys()):
        stamps.save(cache, stamps.Record(stamp, files), *what)
    return pages


def page_digest(page: Page) -> str:
    """A readable page's SHA-256 (what the cache keys hold instead of its bytes)."""
    if page.digest is None:
        assert page.data is not None
        page.digest = stamps.bytes_digest(page.data)
    return page.digest


def page_data(page: Page) -> Page:
    """The page with its bytes (read now when scan_pages left it unread; they must be the bytes its
    digest names: a page changed since the scan stops the run rather than be cached under the old
    digest)."""
    if page.data is not None or page.error is not None or page.path is None:
        return page
    with open(page.path, "rb") as fh:
        data = fh.read()
    if stamps.bytes_digest(data) != page.digest:
        raise OSError(0, "changed while specgen ran; run it again", page.name)
    page.data = data
    return page


# ---------------------------------------------------------------------------- pages -> endpoints


def parse_pages(pages: list[Page], cache: Cache | None = None, progress: Progress | None = None,
                jobs: int = 1) -> tuple[list[Endpoint], list[Diagnostic]]:
    """Every page parsed (each page's result cached), then linked; with jobs > 1 and enough misses,
    the misses are parsed in worker processes (results taken in page order)."""
    cache = _cache(cache)
    with regex_cache.patterns(cache, "generator.parse"):  # the import compiles some 300 patterns
        from .parse import PageResult, link, parse_read_page

    version = step_version("generator.parse")
    # the results of this set of pages in one entry; each page's also in its own (another set's runs)
    pack = Pack(cache, "parse-pack", version, digest(*[p.name for p in pages]))
    results: list[Any] = []
    misses: list[tuple[int, str]] = []
    if progress:
        progress.start("parse", len(pages))
    for page in pages:
        if page.error is not None:
            if progress:
                progress.advance()
            results.append(PageResult(file=page.name, diagnostics=[unreadable(page)]))
            continue
        key = digest(version, page.name, page_digest(page))
        result = pack.get(key)
        if result is None:
            result = cache.get("parse", key, counted=False)
            if result is not None:
                pack.put(key, result)
        if result is None:
            cache.stats.count(cache.stats.misses, "parse")
            misses.append((len(results), key))
        else:
            cache.stats.count(cache.stats.hits, "parse")
            if progress:
                progress.advance()
        results.append(result)
    if jobs > 1 and len(misses) >= PARALLEL_MIN_PAGES:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            chunk = max(1, len(misses) // (jobs * 8))
            done = pool.map(_parse_job, [page_data(pages[i]) for i, _ in misses], chunksize=chunk)
            for (i, key), result in zip(misses, done):
                results[i] = result
                cache.put("parse", key, result)
                pack.put(key, result)
                if progress:
                    progress.advance()
    else:
        for i, key in misses:
            results[i] = parse_read_page(page_data(pages[i]))
            cache.put("parse", key, results[i])
            pack.put(key, results[i])
            if progress:
                progress.advance()
    pack.save(PACK_SLACK)  # a few pages read from their own entries: no rewrite of the whole pack
    return link(results)


def _parse_job(page: Page) -> Any:
    from .parse import parse_read_page

    return parse_read_page(page)


def skipped_pages(pages: list[Page], endpoints: list[Endpoint], diagnostics: list[Diagnostic]) -> dict[str, str]:
    """Pages that gave no endpoint, each with why: the code of its most telling diagnostic (an error,
    then `not-an-endpoint-page`, then `duplicate-endpoint`, then any other)."""
    with_endpoints = {ep.source.file for ep in endpoints}

    def rank(d: Diagnostic) -> tuple[int, int]:
        order = 0 if d.level == "error" else {"not-an-endpoint-page": 1, "duplicate-endpoint": 2}.get(d.code, 3)
        return order, d.line

    by_page: dict[str, str] = {}
    for d in sorted(diagnostics, key=rank):
        by_page.setdefault(d.file, d.code)
    return {p.name: by_page.get(p.name, "no-endpoint") for p in pages if p.name not in with_endpoints}


# ---------------------------------------------------------------------------- endpoints <-> spec texts


def _dump_load(ep: Endpoint, display: str) -> tuple[str, Endpoint | None]:
    """A spec's text and the Endpoint loaded back from its data (None when it is not a valid spec).
    The data is the text's own (dump_data writes it; reading the text back gives the same data, which
    tests/conformance checks on every committed spec), so YAML is not parsed again here."""
    from .spec_yaml import SpecError, dump_data, endpoint_from, to_dict

    data = to_dict(ep)
    text = dump_data(data)
    try:
        return text, endpoint_from(data, text, display)
    except SpecError:
        return text, None  # load_spec_texts reports it


def _dump_load_job(job: tuple[Endpoint, str]) -> tuple[str, Endpoint | None]:
    return _dump_load(*job)


class Spec:
    """One spec file of a build: its name, its text, the key of the Endpoint the text loads as (which
    stands for that Endpoint in the render's cache keys), and that Endpoint, unpickled only when asked
    for: a one-page rebuild needs few of them."""

    __slots__ = ("name", "text", "key", "_data", "_endpoint")

    def __init__(self, name: str, text: str, key: str, endpoint: Endpoint | None = None,
                 data: bytes | None = None) -> None:
        self.name, self.text, self.key = name, text, key
        self._endpoint, self._data = endpoint, data

    @classmethod
    def of(cls, ep: Endpoint, name: str = "") -> Spec:
        """An Endpoint with no text at hand, keyed by its content."""
        return cls(name, "", digest("endpoint", repr(ep)), ep)

    def endpoint(self) -> Endpoint:
        if self._endpoint is None:
            assert self._data is not None
            self._endpoint = pickle.loads(self._data)
            self._data = None
        return self._endpoint


def spec_texts(endpoints: list[Endpoint], folder: Path, cache: Cache | None = None, jobs: int = 1,
               progress: Progress | None = None) -> tuple[dict[str, str], list[Diagnostic], dict[str, Endpoint]]:
    """The spec folder's files (one YAML per endpoint, plus the schema), sorted by name; an endpoint
    whose file name is taken (names compared case-insensitively) is left out with an error. Each
    endpoint's text, and the Endpoint loaded back from it, is cached by the endpoint's content.
    Returns the files, the clash diagnostics and the loaded endpoints by file name."""
    files, diagnostics, specs = spec_set(endpoints, folder, cache, jobs, progress)
    return files, diagnostics, {name: spec.endpoint() for name, spec in specs.items()}


def spec_set(endpoints: list[Endpoint], folder: Path, cache: Cache | None = None, jobs: int = 1,
             progress: Progress | None = None) -> tuple[dict[str, str], list[Diagnostic], dict[str, Spec]]:
    """spec_texts, with each loaded Endpoint as a Spec (unpickled when asked for). The texts and
    loaded Endpoints of a set of endpoints are kept in one entry (a Pack), each endpoint's also in
    its own (kind "load")."""
    cache = _cache(cache)
    with regex_cache.patterns(cache, "generator.spec_yaml"):  # yaml compiles its resolver's patterns
        from .spec_yaml import SCHEMA_FILE, spec_filename

    version = step_version("generator.spec_yaml")
    place = _place(folder)
    pack = Pack(cache, "load-pack", version, folder.as_posix())
    found: dict[str, tuple[str, Any]] = {}  # key -> (text, the loaded Endpoint pickled, or None)
    keys: list[str] = []
    misses: list[tuple[str, Endpoint, str]] = []
    missed: set[str] = set()
    for ep in endpoints:
        display = place(spec_filename(ep))
        key = digest(version, "dump", display, repr(ep))
        keys.append(key)
        if key in found or key in missed:
            continue
        hit = pack.get(key)
        if not (isinstance(hit, tuple) and len(hit) == 2):
            hit = cache.get("load", key, counted=False)
            if isinstance(hit, tuple) and len(hit) == 2 and hit[1] is not None:
                hit = (hit[0], pickle.dumps(hit[1], protocol=pickle.HIGHEST_PROTOCOL))
                pack.put(key, hit)
        if isinstance(hit, tuple) and len(hit) == 2:
            cache.stats.count(cache.stats.hits, "load")
            found[key] = hit
        else:
            cache.stats.count(cache.stats.misses, "load")
            missed.add(key)
            misses.append((key, ep, display))
    if progress:
        progress.start("specs", len(misses))
    if jobs > 1 and len(misses) >= PARALLEL_MIN_PAGES:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            chunk = max(1, len(misses) // (jobs * 8))
            computed = list(pool.map(_dump_load_job, [(ep, d) for _, ep, d in misses], chunksize=chunk))
    else:
        computed = [_dump_load(ep, d) for _, ep, d in misses]
    fresh: dict[str, Endpoint] = {}
    for (key, _ep, _display), (text, back) in zip(misses, computed):
        if key in found:
            continue
        found[key] = (text, None if back is None else pickle.dumps(back, protocol=pickle.HIGHEST_PROTOCOL))
        if back is not None:
            fresh[key] = back
            cache.put("load", key, (text, back))
            pack.put(key, found[key])
        if progress:
            progress.advance()
    pack.save(PACK_SLACK)
    named, diagnostics = spec_names(endpoints)
    files: dict[str, str] = {SCHEMA_NAME: SCHEMA_FILE.read_text(encoding="utf-8")}
    specs: dict[str, Spec] = {}
    for ep, key in zip(endpoints, keys):
        name = named.get(id(ep))
        if name is None:
            continue
        text, back = found[key]
        files[name] = text
        if back is not None:
            spec = Spec(name, text, _load_key(place(name), text), fresh.get(key), back)
            specs[name] = spec
            cache.memory[("spec", spec.key)] = spec  # for the changelog (load_spec_texts)
    return dict(sorted(files.items())), diagnostics, specs


def _place(folder: Path) -> Callable[[str], str]:
    """name -> (folder / name).as_posix() for the names of a spec folder's files (no slash in them),
    without making a Path for each of hundreds of specs."""
    prefix = folder.as_posix()
    return (lambda name: name) if prefix == "." else (lambda name: f"{prefix}/{name}")


def spec_names(endpoints: list[Endpoint]) -> tuple[dict[int, str], list[Diagnostic]]:
    """Each endpoint's spec file name (by id() of the endpoint), and an error for each endpoint whose
    name is taken by an earlier one (names compared case-insensitively); those are left out."""
    from .spec_yaml import spec_filename

    names: dict[int, str] = {}
    diagnostics: list[Diagnostic] = []
    taken = {SCHEMA_NAME.lower()}
    for ep in endpoints:
        name = spec_filename(ep)
        if name.lower() in taken:
            diagnostics.append(
                Diagnostic(ep.source.file, ep.source.line or 1, "error", "spec-name-clash",
                           f"{ep.method} {ep.path}: spec file name {name} is already taken; endpoint left out"))
            continue
        taken.add(name.lower())
        names[id(ep)] = name
    return names, diagnostics


def spec_file_texts(endpoints: list[Endpoint], cache: Cache | None = None) -> tuple[dict[str, str], list[Diagnostic]]:
    """spec_texts without the loaded endpoints (file names only matter, not the folder)."""
    files, clashes, _ = spec_texts(endpoints, Path("specs"), cache)
    return files, clashes


def _load_key(display: str, text: str) -> str:
    return digest(step_version("generator.spec_yaml"), display, text)


def load_spec_texts(files: dict[str, str], folder: Path, cache: Cache | None = None) -> list[Endpoint]:
    """Endpoints from spec texts (the YAML files among them), each valid spec's Endpoint cached by its
    text; raises SpecError naming every bad file (file:line: key: problem). Errors are never cached."""
    from .spec_yaml import SpecError, loads

    cache = _cache(cache)
    endpoints, errors = [], []
    for name, text in sorted(files.items()):
        if not name.endswith(SPEC_SUFFIXES):
            continue
        display = (folder / name).as_posix()
        key = _load_key(display, text)
        ep = cache.memory.get(("load", key))
        spec = cache.memory.get(("spec", key)) if ep is None else None
        if spec is not None:
            ep = spec.endpoint()
        if ep is None:
            ep = cache.get("load", key)
        if ep is None:
            try:
                ep = loads(text, display)
            except SpecError as exc:
                errors.append(str(exc))
                continue
            cache.put("load", key, ep)
        endpoints.append(ep)
    if errors:
        raise SpecError("\n".join(errors))
    return endpoints


def spec_folder_files(folder: Path) -> dict[str, str]:
    """The spec files of a spec folder (YAML files directly in it, and the schema)."""
    return {n: t for n, t in read_folder(folder).items() if is_spec_name(n) or n == SCHEMA_NAME}


def load_specs(folder: Path, cache: Cache | None = None) -> list[Endpoint]:
    from .spec_yaml import SpecError

    if not folder.is_dir():
        raise SpecError(f"{folder}: no such spec folder (run `specgen parse` first)")
    return load_spec_texts(spec_folder_files(folder), folder, cache)


def specs_from_pages(paths: list[Path], cache: Cache | None = None, jobs: int = 1) -> SpecSet:
    """Pages (files, or folders searched recursively) -> their spec files, endpoints and diagnostics."""
    pages = read_pages(paths)
    endpoints, diagnostics = parse_pages(pages, cache, jobs=jobs)
    files, clashes, _ = spec_texts(endpoints, Path("specs"), cache, jobs)
    return SpecSet(files, endpoints, diagnostics + clashes, len(pages))


# ---------------------------------------------------------------------------- endpoints -> package


def render_files(endpoints: list[Endpoint], cache: Cache | None = None, jobs: int = 1,
                 progress: Progress | None = None) -> dict[str, str]:
    """The package files (render.render_package), formatted block by block through the cache: the same
    bytes as black on each whole file."""
    return render_specs([Spec.of(ep) for ep in endpoints], cache, jobs, progress)


PRODUCT_ENTRIES_KEPT = 40  # a product's files are some 100 KB to 1 MB: keep the recent ones


def render_specs(specs: list[Spec], cache: Cache | None = None, jobs: int = 1,
                 progress: Progress | None = None) -> dict[str, str]:
    """render.render_package on the specs' endpoints, through the cache: each endpoint's MethodEntry
    (what the package-wide files show of it) kept by its spec's key, and each product's files by the
    keys of its specs, in order, and the named value sets; a product with a changed endpoint is
    rendered again, and its modules formatted block by block. An endpoint is unpickled only when its
    product is rendered or its entry is not kept."""
    cache = _cache(cache)
    with regex_cache.patterns(cache, "generator.render"):  # jinja2's, black_layout's, blockwise's patterns
        from . import render, views
        from .blockwise import BlockFormatter
    from .cache import templates_version

    version = digest(step_version("generator.blockwise"), templates_version(render.templates_root()))
    if progress:  # modules and test cases, counted as they are made (one endpoint: a page's work)
        progress.start("render", None, size=len(specs))
    kept = Pack(cache, "render-pack", version, "entries")
    runtime = views.runtime_sources()
    reserved_key = digest("reserved method names", *runtime)
    reserved = kept.get(reserved_key)
    if isinstance(reserved, frozenset):
        views.known_reserved_method_names(runtime, reserved)
    else:
        kept.put(reserved_key, views.names_in_runtime(runtime))
    entries = []
    for spec in specs:
        entry = kept.get(spec.key)
        if not isinstance(entry, render.MethodEntry):
            entry = render.method_entry(spec.endpoint())
            kept.put(spec.key, entry)
        entries.append(entry)
    kept.save(PACK_SLACK)  # the entries of a few changed endpoints are made again until the pack is rewritten
    aliases = render.aliases_of([e.value_sets for e in entries])
    render.check_table_fields(entries)
    formatter = BlockFormatter(cache, jobs, progress)
    files = render.static_files()
    made: list[tuple[str, list[str]]] = []  # (key, names) of the products rendered now
    environment = render.environment()
    environment.bytecode_cache = render.TemplateCode(  # the templates compiled once, not on every run
        lambda key: cache.get("jinja", digest(version, key), counted=False),
        lambda key, code: cache.put("jinja", digest(version, key), code))
    try:
        for _attr, found in render.products_of(entries):
            key = digest(version, "product", *[specs[i].key for i in found])
            hit = cache.get("product", key)
            if isinstance(hit, dict):
                files.update(hit)
                continue
            product = render.product_files([specs[i].endpoint() for i in found], formatter, formatter.memo)
            made.append((key, list(product)))
            files.update(product)
        files.update(render.package_wide_files(render.product_entries(entries), aliases, formatter))
    finally:
        environment.bytecode_cache = None
    files = formatter.finish(files)
    for key, names in made:
        cache.put("product", key, {name: files[name] for name in names})
    if made:
        cache.prune("product", PRODUCT_ENTRIES_KEPT)
    return dict(sorted(files.items()))


package_files = render_files


# ---------------------------------------------------------------------------- the whole build


def build_key(pages: list[Page], templates_root: Path, extra: str = "") -> str:
    parts: list[bytes | str] = [toolchain_version(templates_root), extra]
    for page in pages:
        parts += [page.name, page_digest(page) if page.error is None else f"unreadable: {page.error}"]
    return digest(*parts)


@dataclass
class Inputs:
    """A build's pages (scanned, not necessarily read) and the key of its whole result."""

    pages: list[Page]
    key: str


def build_inputs(docs: list[Path], specs_folder: Path, cache: Cache | None, templates_root: Path,
                 overrides: list[tuple[str, bytes]] | None = None) -> Inputs:
    pages = scan_pages(docs, cache)
    sources = overrides or []
    return Inputs(pages, build_key(pages, templates_root, digest(specs_folder.as_posix(), *[p for s in sources for p in s])))


def build(docs: list[Path], specs_folder: Path, cache: Cache | None, templates_root: Path, jobs: int = 2,
          progress: Progress | None = None, overrides: list[tuple[str, bytes]] | None = None,
          inputs: Inputs | None = None) -> BuildResult:
    """Pages -> (overrides applied) spec files -> package files, through the cache; the same bytes with
    or without it. `overrides` are the override files' names and bytes (overrides.read); `inputs`
    what build_inputs gave for these arguments, when the caller has it."""
    cache = _cache(cache)
    sources = overrides or []
    if inputs is None:
        inputs = build_inputs(docs, specs_folder, cache, templates_root, sources)
    pages, key = inputs.pages, inputs.key
    hit = cache.get("build", key)
    if isinstance(hit, BuildResult):
        return hit
    endpoints, diagnostics = parse_pages(pages, cache, progress, jobs)
    if sources:
        from . import overrides as override

        diagnostics = diagnostics + override.apply(endpoints, override.load(sources))
    spec_files, clashes, known = spec_set(endpoints, specs_folder, cache, jobs, progress)
    diagnostics = diagnostics + clashes
    if all(name in known for name in spec_files if name.endswith(SPEC_SUFFIXES)):
        specs = [known[name] for name in sorted(known)]
    else:
        specs = [Spec.of(ep) for ep in load_spec_texts(spec_files, specs_folder, cache)]
    package = render_specs(specs, cache, jobs, progress)
    if progress:
        progress.finish()
    result = BuildResult(spec_files, package, diagnostics, len(pages), len(endpoints),
                         skipped_pages(pages, endpoints, diagnostics), [p.name for p in pages])
    cache.put("build", key, result)
    cache.prune("build", BUILD_ENTRIES_KEPT)
    return result

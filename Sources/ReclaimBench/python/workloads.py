"""CPython side of reclaim-bench: the same workloads as the Swift side, timed in-process.

Usage: python3 workloads.py WORKLOAD [SCALE]
Prints one JSON object: {"workload": ..., "seconds": ..., "python": ..., "detail": {...}}.
The random graph and the churn operations use the same SplitMix64 sequence as the Swift side,
so both languages build identical graphs and run identical operation sequences.
"""

import gc
import json
import platform
import sys
import time
import weakref

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, n):
        return self.next() % n


class GraphNode:
    __slots__ = ("a", "b")

    def __init__(self):
        self.a = None
        self.b = None


class TreeNode:
    __slots__ = ("left", "right", "parent")

    def __init__(self, parent):
        self.left = None
        self.right = None
        self.parent = parent


class BinaryNode:
    __slots__ = ("left", "right")

    def __init__(self):
        self.left = None
        self.right = None


class ListNode:
    __slots__ = ("next", "prev")

    def __init__(self):
        self.next = None
        self.prev = None


class EdgeListNode:
    __slots__ = ("edges",)

    def __init__(self):
        self.edges = []


def random_graph(count, make=GraphNode):
    rng = SplitMix64(42)
    nodes = [make() for _ in range(count)]
    for node in nodes:
        node.a = nodes[rng.below(count)]
        node.b = nodes[rng.below(count)]
    return nodes


def list_edge_graph(count, make=EdgeListNode):
    rng = SplitMix64(42)
    nodes = [make() for _ in range(count)]
    for node in nodes:
        node.edges = [nodes[rng.below(count)], nodes[rng.below(count)]]
    return nodes


def collect_garbage_graph(scale):
    gc.disable()
    count = 1_000_000 // scale
    nodes = random_graph(count)
    del nodes
    start = time.perf_counter()
    found = gc.collect()
    seconds = time.perf_counter() - start
    gc.enable()
    return seconds, {"unreachable": found}


def scan_live_graph(scale, make=GraphNode, build=random_graph):
    gc.disable()
    count = 1_000_000 // scale
    nodes = build(count, make)
    gc.collect()
    start = time.perf_counter()
    found = gc.collect()
    seconds = time.perf_counter() - start
    del nodes
    gc.collect()
    gc.enable()
    return seconds, {"unreachable": found}


class Leaf:
    __slots__ = ("value",)

    def __init__(self):
        self.value = 0


class LeafyGraphNode:
    __slots__ = ("a", "b", "leaf")

    def __init__(self):
        self.a = None
        self.b = None
        self.leaf = Leaf()


def build_tree(depth, parent):
    node = TreeNode(parent)
    if depth > 0:
        node.left = build_tree(depth - 1, node)
        node.right = build_tree(depth - 1, node)
    return node


def build_binary_tree(depth):
    node = BinaryNode()
    if depth > 0:
        node.left = build_binary_tree(depth - 1)
        node.right = build_binary_tree(depth - 1)
    return node


def trees(scale, with_parent):
    gc.collect()
    rounds = max(1, 40 // scale)
    start = time.perf_counter()
    for _ in range(rounds):
        tree = build_tree(15, None) if with_parent else build_binary_tree(15)
        del tree
    gc.collect()
    return time.perf_counter() - start, {"rounds": rounds}


def trees_collected_at_drop(scale):
    """The trees with parents, automatic collection off and generation 0 collected after
    each drop: every node is examined once, when it is already garbage."""
    gc.collect()
    rounds = max(1, 40 // scale)
    collected = 0
    gc.disable()
    try:
        start = time.perf_counter()
        for _ in range(rounds):
            tree = build_tree(15, None)
            del tree
            collected += gc.collect(0)
        seconds = time.perf_counter() - start
    finally:
        gc.enable()
    return seconds, {"rounds": rounds, "collected": collected}


def doubly_linked_lists(scale):
    gc.collect()
    rounds = max(1, 30 // scale)
    start = time.perf_counter()
    for _ in range(rounds):
        head = ListNode()
        tail = head
        for _ in range(4095):
            node = ListNode()
            tail.next = node
            node.prev = tail
            tail = node
        del head, tail, node
    gc.collect()
    return time.perf_counter() - start, {"rounds": rounds}


def churn(scale):
    gc.collect()
    operations = 1_000_000 // scale
    rng = SplitMix64(7)
    roots = [EdgeListNode() for _ in range(50)]

    def pick():
        node = roots[rng.below(50)]
        for _ in range(rng.below(4)):
            if not node.edges:
                break
            node = node.edges[rng.below(len(node.edges))]
        return node

    start = time.perf_counter()
    for _ in range(operations):
        op = rng.below(100)
        node = pick()
        if op < 30:
            node.edges.append(EdgeListNode())
        elif op < 60:
            node.edges.append(pick())
        elif op < 85:
            if node.edges:
                position = rng.below(len(node.edges))
                node.edges[position] = node.edges[-1]
                node.edges.pop()
        else:
            roots[rng.below(50)] = EdgeListNode()
    del node
    gc.collect()
    return time.perf_counter() - start, {"operations": operations}


class Document:
    __slots__ = ("pages",)

    def __init__(self):
        self.pages = []


class Page:
    __slots__ = ("document", "shapes")

    def __init__(self, document):
        self.document = document
        self.shapes = []


class Shape:
    __slots__ = ("page",)

    def __init__(self, page):
        self.page = page


DOCUMENTS = 1000
PAGES = 50
SHAPES_PER_PAGE = 40
COPY_EVERY = 100
# Objects per document: the document, its pages and the originals' shapes (the Swift side's
# tracked objects), plus the lists: the document's page list and one shape list per original.
OBJECTS_PER_DOCUMENT = 1 + PAGES + PAGES // 2 * SHAPES_PER_PAGE
LISTS_PER_DOCUMENT = 1 + PAGES // 2


def build_document():
    """Every other page is a duplicate that shares the previous page's shape list."""
    document = Document()
    pages = []
    for _ in range(PAGES // 2):
        page = Page(document)
        page.shapes = [Shape(page) for _ in range(SHAPES_PER_PAGE)]
        copy = Page(document)
        copy.shapes = page.shapes
        pages.append(page)
        pages.append(copy)
    document.pages = pages
    return document


def collected_so_far():
    return sum(generation["collected"] for generation in gc.get_stats())


def shared_buffers(scale):
    gc.collect()
    count = max(1, DOCUMENTS // scale)
    before = collected_so_far()
    start = time.perf_counter()
    documents = [build_document() for _ in range(count)]
    del documents
    gc.collect()
    seconds = time.perf_counter() - start
    objects = count * (OBJECTS_PER_DOCUMENT + LISTS_PER_DOCUMENT)
    collected = collected_so_far() - before
    if collected != objects:
        raise SystemExit(f"shared-buffers: built {objects} objects (lists included), collected {collected}")
    return seconds, {"objects": objects, "collected": collected}


def copied_out_arrays(scale):
    gc.collect()
    count = max(1, DOCUMENTS // scale)
    copies = []
    kept_documents = 0
    documents = []
    originals = 0
    for _ in range(count):
        document = build_document()
        copied = len(copies)
        for page in document.pages[::2]:
            originals += 1
            if originals % COPY_EVERY == 0:
                copies.append(page.shapes)
        if len(copies) > copied:
            kept_documents += 1
        documents.append(document)
    del documents, document, page
    start = time.perf_counter()
    found = gc.collect()
    seconds = time.perf_counter() - start
    per_document = OBJECTS_PER_DOCUMENT + LISTS_PER_DOCUMENT
    expected = (count - kept_documents) * per_document
    intact = all(
        len(shapes) == SHAPES_PER_PAGE and len(shape.page.document.pages) == PAGES
        for shapes in copies
        for shape in shapes
    )
    if found != expected or not intact:
        raise SystemExit(f"copied-out-arrays: {found} unreachable, expected {expected}; intact: {intact}")
    survivors = kept_documents * per_document
    del copies
    gc.collect()
    return seconds, {"unreachable": found, "survivors": survivors, "documents kept": kept_documents}


def young_with_old(scale, old_count):
    gc.disable()
    old = [GraphNode() for _ in range(old_count // scale)]
    gc.collect()
    repetitions = 200
    total = 0.0
    for _ in range(repetitions):
        young = [GraphNode() for _ in range(1000)]
        for node in young:
            node.a = node
        del young, node
        start = time.perf_counter()
        gc.collect(0)
        total += time.perf_counter() - start
    del old
    gc.collect()
    gc.enable()
    return total / repetitions, {"old": old_count // scale, "young": 1000}


SERVER_DOCUMENTS = 950
SERVER_STEPS_PER_DOCUMENT = 2
SERVER_SHORT_LIVED_CYCLES = 200
SERVER_SAMPLE_EVERY = 25


def pause_loop(live_objects, build, step, steps, release):
    """The Swift side's measureLoop: builds the live heap, runs the steps under automatic
    collection with every pause timed from gc.callbacks and the tracked count sampled with
    len(gc.get_objects()) every 25 steps (outside any pause, less the objects tracked before
    the heap was built), then times a full collection of the live heap."""
    gc.collect()
    other = len(gc.get_objects())
    build()
    gc.collect()
    live = len(gc.get_objects()) - other
    pauses = []
    started = [0.0]

    def timer(phase, info):
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            pauses.append(time.perf_counter() - started[0])

    gc.callbacks.append(timer)
    largest_ratio = 0.0
    start = time.perf_counter()
    for index in range(steps):
        step()
        if index % SERVER_SAMPLE_EVERY == 0:
            largest_ratio = max(largest_ratio, (len(gc.get_objects()) - other) / live)
    seconds = time.perf_counter() - start
    gc.callbacks.remove(timer)
    gc.collect()
    full_start = time.perf_counter()
    gc.collect()
    full = time.perf_counter() - full_start
    release()
    gc.collect()
    ordered = sorted(pauses)
    longest = ordered[-1] if ordered else 0.0
    p99 = ordered[max(0, -(-len(ordered) * 99 // 100) - 1)] if ordered else 0.0
    return seconds, {
        "live objects": live_objects,
        "collections": len(pauses),
        "longest pause ms": longest * 1e3,
        "p99 pause ms": p99 * 1e3,
        "full collection of the live heap ms": full * 1e3,
        "longest / full": longest / full if full else 0.0,
        "collector ms": sum(pauses) * 1e3,
        "largest tracked / live": largest_ratio,
    }


def short_lived_cycles(count):
    for _ in range(count):
        first = GraphNode()
        second = GraphNode()
        first.a = second
        second.a = first


def server_pauses(scale):
    count = max(2, SERVER_DOCUMENTS // scale)
    documents = []
    rng = SplitMix64(12)

    def build():
        documents.extend(build_document() for _ in range(count))

    def step():
        documents[rng.below(count)] = build_document()
        short_lived_cycles(SERVER_SHORT_LIVED_CYCLES)

    return pause_loop(
        count * (OBJECTS_PER_DOCUMENT + LISTS_PER_DOCUMENT), build, step, count * SERVER_STEPS_PER_DOCUMENT, documents.clear
    )


def connected_heap(scale):
    count = max(2, 1_000_000 // scale)
    nodes = []

    def build():
        rng = SplitMix64(42)
        nodes.extend(GraphNode() for _ in range(count))
        for index, node in enumerate(nodes):
            node.a = nodes[(index + 1) % count]
            node.b = nodes[rng.below(count)]

    def release():
        for node in nodes:
            node.a = None
            node.b = None
        nodes.clear()

    return pause_loop(count, build, lambda: short_lived_cycles(500), max(1, 2_000 // scale), release)


class Small:
    __slots__ = ("value",)

    def __init__(self):
        self.value = 0


def allocate_small(count):
    start = time.perf_counter()
    objects = [Small() for _ in range(count)]
    del objects
    return time.perf_counter() - start


def tracemalloc_frames(scale, frames):
    """Returns the traced time; the detail has the untraced time and the slowdown factor."""
    import tracemalloc

    gc.disable()
    count = 300_000 // scale
    allocate_small(count)
    untraced = allocate_small(count)
    tracemalloc.start(frames)
    traced = allocate_small(count)
    tracemalloc.stop()
    gc.enable()
    return traced, {"objects": count, "untraced_seconds": untraced, "slowdown": traced / untraced}


class WalkNode:
    __slots__ = ("a", "b", "w", "payload", "__weakref__")

    def __init__(self):
        self.a = None
        self.b = None
        self.w = None
        self.payload = 0


def walk_plain_graph(scale):
    """objgraph's way: an index of the objects, then gc.get_referents of each."""
    count = 1_000_000 // scale
    rng = SplitMix64(42)
    nodes = [WalkNode() for _ in range(count)]
    for index, node in enumerate(nodes):
        node.a = nodes[rng.below(count)]
        node.b = nodes[rng.below(count)]
        node.w = weakref.ref(nodes[index // 2])
    gc.disable()
    start = time.perf_counter()
    index = {id(node): position for position, node in enumerate(nodes)}
    edges = 0
    for node in nodes:
        for referent in gc.get_referents(node):
            if id(referent) in index:
                edges += 1
    seconds = time.perf_counter() - start
    gc.enable()
    return seconds, {"edges": edges}


WORKLOADS = {
    "collect-garbage-graph": collect_garbage_graph,
    "scan-live-graph": scan_live_graph,
    "scan-graph-with-leaves": lambda scale: scan_live_graph(scale, LeafyGraphNode),
    "scan-live-graph-list-edges": lambda scale: scan_live_graph(scale, EdgeListNode, list_edge_graph),
    "trees-with-parents": lambda scale: trees(scale, True),
    "trees-with-parents-collected-at-drop": trees_collected_at_drop,
    "trees": lambda scale: trees(scale, False),
    "doubly-linked-lists": doubly_linked_lists,
    "churn": churn,
    "shared-buffers": shared_buffers,
    "copied-out-arrays": copied_out_arrays,
    "young-with-100k-old": lambda scale: young_with_old(scale, 100_000),
    "young-with-10m-old": lambda scale: young_with_old(scale, 10_000_000),
    "tracemalloc-1-frame": lambda scale: tracemalloc_frames(scale, 1),
    "tracemalloc-25-frames": lambda scale: tracemalloc_frames(scale, 25),
    "walk-plain-graph": walk_plain_graph,
    "server-pauses": server_pauses,
    "connected-heap": connected_heap,
}


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in WORKLOADS:
        names = ", ".join(WORKLOADS)
        print(f"usage: workloads.py WORKLOAD [SCALE]; workloads: {names}", file=sys.stderr)
        sys.exit(2)
    name = sys.argv[1]
    scale = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    sys.setrecursionlimit(10_000)
    seconds, detail = WORKLOADS[name](scale)
    print(json.dumps({"workload": name, "seconds": seconds, "python": platform.python_version(), "detail": detail}))


if __name__ == "__main__":
    main()

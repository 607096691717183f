extension ExplainPage {
    /// The page's style sheet.
    static let style = """
        :root { --ink: #1d2330; --muted: #5d6577; --line: #8a93a6; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); }
        body { margin: 0; padding: 16px 24px 32px; background: #fafbfc; }
        header h1 { font-size: 22px; margin: 0 0 4px; }
        header .source { margin: 0 0 12px; color: var(--muted); font-size: 14px; }
        .controls { display: flex; align-items: center; gap: 12px; margin-bottom: 10px; }
        .controls button { font-size: 15px; padding: 6px 14px; border: 1px solid #4a5fc1; border-radius: 6px; background: #4a5fc1; color: white; cursor: pointer; }
        .controls button:disabled { background: #c9cedb; border-color: #c9cedb; cursor: default; }
        #phase-position { font-variant-numeric: tabular-nums; color: var(--muted); }
        nav ol { list-style: none; display: flex; flex-wrap: wrap; gap: 6px; padding: 0; margin: 0 0 14px; }
        nav button { font-size: 13px; padding: 4px 10px; border: 1px solid #cfd5e3; border-radius: 14px; background: white; color: var(--ink); cursor: pointer; }
        nav button.current { background: #1d2330; color: white; border-color: #1d2330; }
        main { display: flex; gap: 20px; align-items: flex-start; }
        .diagram { flex: 1 1 auto; overflow: auto; background: white; border: 1px solid #e1e5ee; border-radius: 8px; padding: 8px; }
        .diagram svg { max-width: 100%; height: auto; }
        aside { flex: 0 0 340px; background: white; border: 1px solid #e1e5ee; border-radius: 8px; padding: 12px 16px; font-size: 14px; line-height: 1.45; }
        aside h2 { font-size: 18px; margin: 0 0 8px; }
        aside h3 { font-size: 14px; margin: 14px 0 6px; color: var(--muted); }
        #phase-summary { color: var(--muted); }
        #phase-details { padding-left: 18px; }
        #phase-details li { margin-bottom: 6px; }
        .legend { list-style: none; padding: 0; margin: 0; font-size: 12.5px; color: var(--muted); }
        .legend li { margin: 3px 0; }
        .swatch { display: inline-block; width: 14px; height: 10px; border-radius: 3px; margin-right: 6px; border: 2px solid; vertical-align: middle; }
        .line { display: inline-block; width: 22px; margin: 0 6px 3px 0; border-top: 2px solid var(--line); vertical-align: middle; }
        .line.weak { border-top-style: dashed; }
        .line.counted { border-top-color: #e08a00; border-top-width: 3px; }
        .line.cleared { border-top: 2px dotted #c0c5d0; }
        .swatch.candidate, .node.candidate rect, .node.alive rect { fill: #eef3ff; background: #eef3ff; stroke: #5b7bd5; border-color: #5b7bd5; }
        .swatch.root, .node.root rect { fill: #dff3e6; background: #dff3e6; stroke: #17803d; border-color: #17803d; }
        .node.root rect { stroke-width: 3; }
        .swatch.reachable, .node.reachable rect { fill: #ecf8f0; background: #ecf8f0; stroke: #2f9e55; border-color: #2f9e55; }
        .swatch.unreachable, .node.unreachable rect, .node.uncollectable rect { fill: #fde7e7; background: #fde7e7; stroke: #d32f2f; border-color: #d32f2f; }
        .node.unreachable rect, .node.finalized rect { stroke-width: 3; }
        .swatch.finalized, .node.finalized rect { fill: #fff1dc; background: #fff1dc; stroke: #d97800; border-color: #d97800; }
        .swatch.resurrected, .node.resurrected rect { fill: #e3f6f3; background: #e3f6f3; stroke: #0f8f7a; border-color: #0f8f7a; }
        .node.resurrected rect { stroke-dasharray: 6 3; stroke-width: 3; }
        .swatch.freed, .node.freed rect, .node.freed-early rect { fill: #f1f2f4; background: #f1f2f4; stroke: #a7adb9; border-color: #a7adb9; }
        .node.freed rect, .node.freed-early rect { stroke-dasharray: 4 3; }
        .node.freed text, .node.freed-early text { fill: #9aa1ae; }
        .node.uncollectable rect { stroke: #7b1fa2; }
        .node text { font-size: 13px; fill: var(--ink); }
        .node text.title { font-weight: 600; }
        .node text.status { font-size: 12px; fill: var(--muted); }
        .node.unreachable text.status { fill: #b71c1c; font-weight: 600; }
        .node .finalizer { font-size: 12px; fill: #d97800; font-weight: 700; }
        .outside rect { fill: #f6f7f9; stroke: #7d8597; stroke-dasharray: 5 4; }
        .outside text { font-size: 13px; fill: var(--muted); }
        .edge { fill: none; stroke: var(--line); stroke-width: 1.8; }
        .edge.weak { stroke-dasharray: 6 4; }
        .edge.counted { stroke: #e08a00; stroke-width: 2.6; }
        .edge.cleared { stroke: #c0c5d0; stroke-dasharray: 2 5; }
        .edge.dropped { opacity: 0.15; }
        """
}

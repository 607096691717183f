import Foundation

/// The single, self-contained HTML file of `reclaim explain`: the recording as JSON, the
/// styles and the script that draws the graph and steps through the phases. It loads nothing
/// from the network.
///
/// The page keeps `data-phase-count`, `data-phase-index` and `data-phase-id` on `<body>` up to
/// date, steps with `#previous` and `#next` (or the arrow keys, or the phase list) and shows
/// the current phase's title in `#phase-title`: the browser test relies on them.
struct ExplainPage {
    let recording: CollectionRecording

    /// The complete document.
    func html() throws -> String {
        let first = recording.phases[0]
        let phaseList = recording.phases.enumerated().map { index, phase in
            "<li><button type=\"button\" data-phase-index=\"\(index)\">\(index + 1). \(Self.escape(phase.title))</button></li>"
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
            <link rel="icon" href="data:,">
            <title>reclaim explain: \(Self.escape(recording.source))</title>
            <style>
            \(Self.style)
            </style>
            </head>
            <body data-phase-count="\(recording.phases.count)" data-phase-index="0" data-phase-id="\(first.id)">
            <header>
            <h1>One collection, step by step</h1>
            <p class="source">Graph: \(Self.escape(recording.source)). Every number comes from a real collection by Reclaim's collector, recorded through its trace hook.</p>
            </header>
            <div class="controls">
            <button id="previous" type="button" disabled>← Previous</button>
            <span id="phase-position">Phase 1 of \(recording.phases.count)</span>
            <button id="next" type="button">Next →</button>
            </div>
            <nav><ol id="phases">
            \(phaseList.joined(separator: "\n"))
            </ol></nav>
            <main>
            <section class="diagram"><svg id="graph" role="img" aria-label="object graph" viewBox="0 0 \(recording.width) \(recording.height)" width="\(recording.width)" height="\(recording.height)"></svg></section>
            <aside>
            <h2 id="phase-title">\(Self.escape(first.title))</h2>
            <p id="phase-summary">\(Self.escape(first.summary))</p>
            <ul id="phase-details"></ul>
            <h3>Legend</h3>
            <ul class="legend">
            <li><span class="swatch candidate"></span>candidate: tracked, being examined</li>
            <li><span class="swatch root"></span>referenced from outside the graph</li>
            <li><span class="swatch reachable"></span>reachable from such an object</li>
            <li><span class="swatch unreachable"></span>unreachable: garbage</li>
            <li><span class="swatch finalized"></span>finalize() ran</li>
            <li><span class="swatch resurrected"></span>resurrected by a finalizer</li>
            <li><span class="swatch freed"></span>freed</li>
            <li><span class="line strong"></span>strong reference; <span class="line weak"></span>weak reference</li>
            <li><span class="line counted"></span>subtracted from the target's working count</li>
            <li><span class="line cleared"></span>cleared weak reference (or dropped by clear())</li>
            </ul>
            </aside>
            </main>
            <script type="application/json" id="recording">\(try Self.json(recording))</script>
            <script>
            \(Self.script)
            </script>
            </body>
            </html>

            """
    }

    /// The recording as JSON that cannot end the `<script>` element it sits in.
    static func json(_ recording: CollectionRecording) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(recording), as: UTF8.self)
        return text.replacingOccurrences(of: "<", with: "\\u003c")
    }

    /// `text` with the characters that are special in HTML replaced by entities.
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}

extension ExplainPage {
    /// The script: draws the graph from the recording once, then shows a phase by updating
    /// classes and texts.
    static let script = """
        (function () {
          "use strict";
          var recording = JSON.parse(document.getElementById("recording").textContent);
          var svgNS = "http://www.w3.org/2000/svg";
          var W = \(GraphLayout.nodeWidth), H = \(GraphLayout.nodeHeight);
          var svg = document.getElementById("graph");
          var phaseCount = recording.phases.length;
          var current = 0;
          var nodeViews = [];
          var edgeViews = [];

          function make(name, attributes, parent) {
            var element = document.createElementNS(svgNS, name);
            Object.keys(attributes).forEach(function (key) { element.setAttribute(key, attributes[key]); });
            if (parent) { parent.appendChild(element); }
            return element;
          }

          function box(index) {
            return index < 0 ? recording.outside : recording.nodes[index];
          }

          function center(index) {
            var b = box(index);
            return { x: b.x + W / 2, y: b.y + H / 2 };
          }

          function border(from, toward) {
            var dx = toward.x - from.x, dy = toward.y - from.y;
            if (dx === 0 && dy === 0) { return from; }
            var sx = dx === 0 ? Infinity : (W / 2 + 3) / Math.abs(dx);
            var sy = dy === 0 ? Infinity : (H / 2 + 3) / Math.abs(dy);
            var s = Math.min(sx, sy);
            return { x: from.x + dx * s, y: from.y + dy * s };
          }

          function crossesAnotherNode(edge, a, b) {
            for (var step = 1; step < 20; step++) {
              var x = a.x + (b.x - a.x) * step / 20, y = a.y + (b.y - a.y) * step / 20;
              for (var i = 0; i < recording.nodes.length; i++) {
                if (i === edge.source || i === edge.target) { continue; }
                var n = recording.nodes[i];
                if (x > n.x - 6 && x < n.x + W + 6 && y > n.y - 6 && y < n.y + H + 6) { return true; }
              }
            }
            return false;
          }

          function path(edge, index) {
            if (edge.source === edge.target) {
              var n = box(edge.source);
              var x = n.x + W - 30, y = n.y;
              return "M " + x + " " + y + " C " + (x - 10) + " " + (y - 46) + " " + (x + 46) + " " + (y - 40) + " " + (x + 30) + " " + (y + 6);
            }
            var a = center(edge.source), b = center(edge.target);
            var dx = b.x - a.x, dy = b.y - a.y, length = Math.sqrt(dx * dx + dy * dy);
            var bend = 0;
            var reverse = recording.edges.some(function (other) { return other.source === edge.target && other.target === edge.source; });
            if (reverse) { bend = 24; }
            if (crossesAnotherNode(edge, a, b)) { bend = Math.max(bend, 70); }
            var duplicates = 0;
            for (var i = 0; i < index; i++) {
              var other = recording.edges[i];
              if (other.source === edge.source && other.target === edge.target) { duplicates++; }
            }
            bend += duplicates * 16;
            var control = { x: (a.x + b.x) / 2 - dy / length * bend, y: (a.y + b.y) / 2 + dx / length * bend };
            var start = border(a, control), end = border(b, control);
            return "M " + start.x + " " + start.y + " Q " + control.x + " " + control.y + " " + end.x + " " + end.y;
          }

          function draw() {
            var defs = make("defs", {}, svg);
            var marker = make("marker", { id: "arrow", viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" }, defs);
            make("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: "#6b7385" }, marker);
            var outside = make("g", { "class": "outside", transform: "translate(" + recording.outside.x + "," + recording.outside.y + ")" }, svg);
            make("rect", { width: W, height: H, rx: 8 }, outside);
            make("text", { x: 12, y: 26 }, outside).textContent = "outside the graph";
            make("text", { x: 12, y: 46 }, outside).textContent = "variables, globals";
            var edgeLayer = make("g", { "class": "edges" }, svg);
            recording.edges.forEach(function (edge, index) {
              edgeViews.push(make("path", { d: path(edge, index), "class": "edge", "marker-end": "url(#arrow)" }, edgeLayer));
            });
            recording.nodes.forEach(function (node) {
              var group = make("g", { "class": "node", "data-node": node.name, transform: "translate(" + node.x + "," + node.y + ")" }, svg);
              make("rect", { width: W, height: H, rx: 8 }, group);
              make("text", { x: 10, y: 19, "class": "title" }, group).textContent = node.name + ": " + node.typeName;
              var counts = make("text", { x: 10, y: 38 }, group);
              var status = make("text", { x: 10, y: 57, "class": "status" }, group);
              if (node.finalizer !== "none") {
                make("text", { x: W - 14, y: 17, "class": "finalizer" }, group).textContent = "ƒ";
              }
              var tooltip = make("title", {}, group);
              nodeViews.push({ group: group, counts: counts, status: status, tooltip: tooltip });
            });
          }

          function show(index) {
            current = Math.max(0, Math.min(phaseCount - 1, index));
            var phase = recording.phases[current];
            phase.nodes.forEach(function (state, i) {
              var view = nodeViews[i];
              view.group.setAttribute("class", "node " + state.status);
              var parts = [];
              if (state.refcount !== undefined && state.refcount !== null) { parts.push("refcount " + state.refcount); }
              if (state.working !== undefined && state.working !== null) { parts.push("working " + state.working); }
              view.counts.textContent = parts.join(" · ");
              view.status.textContent = state.note || state.status;
              view.tooltip.textContent = recording.nodes[i].name + ": " + (state.note || state.status);
            });
            phase.edges.forEach(function (state, i) {
              var edge = recording.edges[i];
              edgeViews[i].setAttribute("class", "edge " + (edge.isWeak ? "weak " : "strong ") + state);
            });
            document.getElementById("phase-title").textContent = phase.title;
            document.getElementById("phase-summary").textContent = phase.summary;
            var details = document.getElementById("phase-details");
            while (details.firstChild) { details.removeChild(details.firstChild); }
            phase.details.forEach(function (line) {
              var item = document.createElement("li");
              item.textContent = line;
              details.appendChild(item);
            });
            document.getElementById("phase-position").textContent = "Phase " + (current + 1) + " of " + phaseCount;
            document.getElementById("previous").disabled = current === 0;
            document.getElementById("next").disabled = current === phaseCount - 1;
            Array.prototype.forEach.call(document.querySelectorAll("#phases button"), function (button) {
              button.classList.toggle("current", Number(button.dataset.phaseIndex) === current);
            });
            document.body.dataset.phaseIndex = String(current);
            document.body.dataset.phaseId = phase.id;
          }

          draw();
          document.getElementById("previous").addEventListener("click", function () { show(current - 1); });
          document.getElementById("next").addEventListener("click", function () { show(current + 1); });
          Array.prototype.forEach.call(document.querySelectorAll("#phases button"), function (button) {
            button.addEventListener("click", function () { show(Number(button.dataset.phaseIndex)); });
          });
          document.addEventListener("keydown", function (event) {
            if (event.key === "ArrowRight") { show(current + 1); }
            if (event.key === "ArrowLeft") { show(current - 1); }
          });
          show(0);
        })();
        """
}

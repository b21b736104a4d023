// Aho-Corasick over lower-cased text: finds every rule literal (contains needles and regex guards) in one pass,
// with memory bounded by the total literal length (unlike a DFA over many regexes, which can blow its budget).

interface Node {
  next: Map<number, number>;
  fail: number;
  /** Literal ids that end here, including those reached through fail links. */
  out: number[];
}

export class LiteralIndex {
  private readonly nodes: Node[] = [{ next: new Map(), fail: 0, out: [] }];
  private built = false;
  /** ASCII goto table (node * 128 + char → node), filled by build(); other chars walk the fail links. */
  private ascii: Int32Array = new Int32Array(0);

  /** Adds a lower-cased literal under an id; call build() once all are added. */
  add(literal: string, id: number): void {
    let cur = 0;
    for (let i = 0; i < literal.length; i++) {
      const c = literal.charCodeAt(i);
      let nxt = (this.nodes[cur] as Node).next.get(c);
      if (nxt === undefined) {
        nxt = this.nodes.length;
        this.nodes.push({ next: new Map(), fail: 0, out: [] });
        (this.nodes[cur] as Node).next.set(c, nxt);
      }
      cur = nxt;
    }
    (this.nodes[cur] as Node).out.push(id);
  }

  build(): void {
    const queue: number[] = [];
    for (const child of (this.nodes[0] as Node).next.values()) queue.push(child);
    for (let q = 0; q < queue.length; q++) {
      const u = queue[q] as number;
      const node = this.nodes[u] as Node;
      for (const [c, v] of node.next) {
        let f = node.fail;
        while (f !== 0 && !(this.nodes[f] as Node).next.has(c)) f = (this.nodes[f] as Node).fail;
        const target = (this.nodes[f] as Node).next.get(c);
        const vn = this.nodes[v] as Node;
        vn.fail = target !== undefined && target !== v ? target : 0;
        vn.out = vn.out.concat((this.nodes[vn.fail] as Node).out);
        queue.push(v);
      }
    }
    const n = this.nodes.length;
    this.ascii = new Int32Array(n * 128);
    // BFS order guarantees a node's fail target is complete before the node itself.
    const order = [0, ...queue];
    for (const u of order) {
      const node = this.nodes[u] as Node;
      for (let c = 0; c < 128; c++) {
        const direct = node.next.get(c);
        this.ascii[u * 128 + c] = direct !== undefined ? direct : u === 0 ? 0 : (this.ascii[node.fail * 128 + c] as number);
      }
    }
    this.built = true;
  }

  get size(): number {
    return this.nodes.length;
  }

  /** Calls `hit(id)` for every literal occurrence in `text` (already lower-cased); ids may repeat. */
  scan(text: string, hit: (id: number) => void): void {
    if (!this.built) this.build();
    let cur = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 128) {
        cur = this.ascii[cur * 128 + c] as number;
      } else {
        let nxt = (this.nodes[cur] as Node).next.get(c);
        while (nxt === undefined && cur !== 0) {
          cur = (this.nodes[cur] as Node).fail;
          nxt = (this.nodes[cur] as Node).next.get(c);
        }
        cur = nxt ?? 0;
      }
      const out = (this.nodes[cur] as Node).out;
      if (out.length === 0) continue;
      for (let k = 0; k < out.length; k++) hit(out[k] as number);
    }
  }
}

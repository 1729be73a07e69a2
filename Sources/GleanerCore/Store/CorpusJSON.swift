/// Renders `corpus.json`: the merged view, deterministic (everything sorted), jq-friendly.
///
/// Shape (see docs/store.md):
/// `{"format", "stats": {articles, failures, entities, quotes}, "documents": [{id,title,path}],
///   "entities": [{name,type,country,aliases,articles,mentions}], "quotes_by_speaker": {speaker: [{article,text}]},
///   "failures": [{id,path,reason,detail}]}`
public enum CorpusJSON {
    public static func render(_ index: CorpusIndex) -> [UInt8] {
        var json = JSONWriter(reservingCapacity: 1 << 20)
        let quoteCount = index.quotesBySpeaker.values.reduce(0) { $0 + $1.count }
        json.object { o in
            o.field("format", string: StoreLayout.format)
            o.field("stats") { s in
                s.object { s in
                    s.field("articles", int: index.articleCount)
                    s.field("failures", int: index.failureCount)
                    s.field("entities", int: index.entities.count)
                    s.field("quotes", int: quoteCount)
                }
            }
            o.field("documents") { w in
                w.array(index.documents.sorted { $0.key < $1.key }) { w, d in
                    w.object { o in
                        o.field("id", string: d.key)
                        o.field("title", string: d.value.title)
                        o.field("path", string: d.value.path)
                    }
                }
            }
            o.field("entities") { w in
                let ordered = index.entities.values.sorted {
                    ($0.articles.count, $1.name, $1.type) > ($1.articles.count, $0.name, $0.type)
                }
                w.array(ordered) { w, e in
                    w.object { o in
                        o.field("name", string: e.name)
                        o.field("type", string: e.type)
                        o.field("country", string: e.country)
                        o.field("aliases") { $0.array(e.aliases.sorted()) { $0.string($1) } }
                        o.field("articles") { $0.array(e.articles) { $0.string($1) } }
                        o.field("mentions", int: e.mentions)
                    }
                }
            }
            o.field("quotes_by_speaker") { w in
                w.object { o in
                    for (speaker, quotes) in index.quotesBySpeaker.sorted(by: { $0.key < $1.key }) {
                        o.field(named: speaker) { w in
                            w.array(quotes) { w, q in
                                w.object { o in
                                    o.field("article", string: q.article)
                                    o.field("text", string: q.text)
                                }
                            }
                        }
                    }
                }
            }
            o.field("failures") { w in
                w.array(index.failures.values.sorted { $0.id < $1.id }) { w, f in
                    w.object { o in
                        o.field("id", string: f.id)
                        o.field("path", string: f.path)
                        o.field("reason", string: f.reason)
                        o.field("detail", string: f.detail)
                    }
                }
            }
        }
        var bytes = json.bytes
        bytes.append(0x0A)
        return bytes
    }
}

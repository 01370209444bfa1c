//! Keyword search over responses' words, with tantivy.
//!
//! One in-memory index per server: each response is a document of its free text and its
//! organisation's name, found by its store id. Form submissions are queued as they are
//! committed and indexed at the next search, so respondents never wait on the index.

use barometer_store::StoredResponse;
use std::sync::Mutex;
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{Field, STORED, STRING, Schema, TEXT, Value};
use tantivy::{IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, doc};

/// The keyword index.
pub(crate) struct Index {
    index: tantivy::Index,
    id: Field,
    text: Field,
    writer: Mutex<IndexWriter>,
    reader: IndexReader,
    pending: Mutex<Vec<(String, String)>>,
}

fn words(r: &StoredResponse) -> String {
    let mut s = r.record.free_text();
    if let Some(org) = &r.record.respondent.organisation_name {
        s.push('\n');
        s.push_str(org);
    }
    s
}

impl Index {
    /// Indexes the stored responses.
    pub fn build(responses: &[StoredResponse]) -> anyhow::Result<Index> {
        let mut schema = Schema::builder();
        let id = schema.add_text_field("id", STRING | STORED);
        let text = schema.add_text_field("text", TEXT);
        let index = tantivy::Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000)?;
        for r in responses {
            writer.add_document(doc!(id => r.id.as_str(), text => words(r)))?;
        }
        writer.commit()?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Index {
            index,
            id,
            text,
            writer: Mutex::new(writer),
            reader,
            pending: Mutex::new(Vec::new()),
        })
    }

    /// Queues a response for indexing.
    pub fn queue(&self, r: &StoredResponse) {
        self.pending
            .lock()
            .expect("not poisoned")
            .push((r.id.clone(), words(r)));
    }

    /// The ids of the responses that match `query` (tantivy's query language, read leniently),
    /// best first, at most `limit`.
    pub fn search(&self, query: &str, limit: usize) -> anyhow::Result<Vec<String>> {
        let pending = std::mem::take(&mut *self.pending.lock().expect("not poisoned"));
        if !pending.is_empty() {
            let mut writer = self.writer.lock().expect("not poisoned");
            for (id, text) in pending {
                writer.add_document(doc!(self.id => id, self.text => text))?;
            }
            writer.commit()?;
            self.reader.reload()?;
        }
        let parser = QueryParser::for_index(&self.index, vec![self.text]);
        let (query, _) = parser.parse_query_lenient(query);
        let searcher = self.reader.searcher();
        let top = searcher.search(&query, &TopDocs::with_limit(limit.max(1)))?;
        let mut out = Vec::with_capacity(top.len());
        for (_, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            if let Some(id) = doc.get_first(self.id).and_then(|v| v.as_str()) {
                out.push(id.to_string());
            }
        }
        Ok(out)
    }
}

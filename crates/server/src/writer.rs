//! The one task that writes form submissions: a group commit.
//!
//! Each handler sends its submission and waits. The task takes the first waiting submission and
//! every other one already queued (up to [`MAX_GROUP`]), stores them in one transaction, and
//! answers each handler only after the commit returned. With SQLite's `synchronous = FULL` (and
//! PostgreSQL's default `synchronous_commit`) that commit is durable, so an acknowledged reference
//! survives a crash; and the cost of the commit's flush is shared by the whole group, which is
//! what lets one disk keep up with many submitters.

use barometer_store::{FormSubmission, Store};
use tokio::sync::{mpsc, oneshot};

/// The most submissions committed together: bounds the transaction and the wait behind it.
const MAX_GROUP: usize = 512;

type Job = (FormSubmission, oneshot::Sender<Result<(), String>>);

/// A handle to the writer task. Cheap to clone.
#[derive(Clone)]
pub(crate) struct Writer {
    tx: mpsc::Sender<Job>,
}

impl Writer {
    /// Starts the task for one consultation's submissions.
    pub fn start(store: Store, consultation_id: String) -> Writer {
        let (tx, mut rx) = mpsc::channel::<Job>(8 * MAX_GROUP);
        tokio::spawn(async move {
            while let Some(first) = rx.recv().await {
                let mut group = vec![first];
                while group.len() < MAX_GROUP {
                    match rx.try_recv() {
                        Ok(job) => group.push(job),
                        Err(_) => break,
                    }
                }
                let submissions: Vec<FormSubmission> = group.iter().map(|(s, _)| s.clone()).collect();
                match store.insert_form_responses(&consultation_id, &submissions).await {
                    Ok(()) => {
                        for (_, reply) in group {
                            let _ = reply.send(Ok(()));
                        }
                    }
                    // One bad submission must not sink the others: retry each on its own.
                    Err(_) => {
                        for (s, reply) in group {
                            let result = store
                                .insert_form_responses(&consultation_id, std::slice::from_ref(&s))
                                .await
                                .map_err(|e| e.to_string());
                            let _ = reply.send(result);
                        }
                    }
                }
            }
        });
        Writer { tx }
    }

    /// Stores a submission; returns once it is committed.
    pub async fn submit(&self, submission: FormSubmission) -> Result<(), String> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send((submission, reply))
            .await
            .map_err(|_| "the writer has stopped".to_string())?;
        answer.await.map_err(|_| "the writer has stopped".to_string())?
    }
}

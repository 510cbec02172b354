//! Starts the Merit server; everything else lives in the library.

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    merit::web::serve().await
}

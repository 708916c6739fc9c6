//! `jiekang serve`: build the application, serve until SIGTERM or Ctrl-C, then
//! finish the requests in flight. Instances are stateless; sessions live in the database.

use std::path::Path;
use std::time::Duration;

use axum::http::{HeaderValue, header};
use axum_server::tls_rustls::RustlsConfig;
use tower_http::set_header::SetResponseHeaderLayer;

use chrono::{TimeDelta, Utc};
use jiekang_store::Scope;
use jiekang_web::{AppState, WebConfig, app};

use crate::cli::{DemoArgs, ServeArgs};

pub async fn run(database_url: &str, args: ServeArgs) -> Result<(), Box<dyn std::error::Error>> {
    // GB/T 22239: X-Forwarded-For only from the configured proxies (refused before
    // anything else when malformed)
    let trusted_proxies = jiekang_web::client_addr::TrustedProxies::parse(
        args.trusted_proxy.as_deref().unwrap_or_default(),
    )
    .map_err(|e| format!("--trusted-proxy: {e}"))?;
    let keys = crate::keys::resolve(database_url)?;
    // GB/T 22239: TOTP enrolment secrets are derived under a key every instance shares
    let enrolment_key =
        jiekang_web::auth::totp::EnrolmentKey::new(keys.derived_key("totp-enrolment"));
    let store = crate::db::open_with_keys(database_url, args.pg_pool, keys).await?;
    if args.demo && store.units(&Scope::system()).await?.is_empty() {
        crate::demo::seed(
            store.as_ref(),
            &DemoArgs {
                persons: 2_000,
                seed: 20141105,
            },
        )
        .await?;
    }
    let config = WebConfig {
        idle_timeout: TimeDelta::minutes(args.idle_minutes.clamp(1, 24 * 60)),
        // Cookies are Secure whenever the server speaks TLS itself
        secure_cookies: args.secure_cookies || args.tls_cert.is_some(),
        searches_per_minute: args.searches_per_minute.max(1),
        // The baseline route exists only for a benchmark
        bench_baseline_bytes: args
            .bench_baseline
            .then_some(args.bench_baseline_bytes as usize),
        // At most 10 s on top of a snapshot at most 50 s old
        dashboard_cache: Duration::from_secs(args.dashboard_cache_seconds.min(10)),
        unit_cache: Duration::from_secs(args.unit_cache_seconds.min(300)),
        // the loop below keeps the snapshot fresh
        refresh_dashboards_inline: false,
        trusted_proxies,
        enrolment_key,
        ..WebConfig::default()
    };
    let idle = config.idle_timeout;
    let state = AppState::new(store.clone(), config);

    // Sessions past their limits are removed every ten minutes (any instance may do it).
    let purger = store.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            match purger.purge_sessions(Utc::now(), idle).await {
                Ok(n) if n > 0 => tracing::info!(removed = n, "expired sessions purged"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "session purge failed"),
            }
        }
    });

    // The audit chain head, to the log and the operator's file, now and
    // every interval.
    crate::anchor::spawn(
        store.clone(),
        args.audit_anchor_interval,
        args.audit_anchor_file.clone(),
    );

    // --- Daily sweep: every instance tries; the lease lets one run it.
    if !args.no_sweep {
        crate::sweep::spawn_scheduler(
            store.clone(),
            args.sweep_at,
            Duration::from_secs(args.sweep_check_seconds.max(1)),
            &args.listen,
        );
    }
    // The dashboards' day-dependent figures are counted again every 20 seconds
    // once 30 seconds old (so never older than a minute), by whichever instance takes
    // the lease kept in the database (jiekang_store::dashboard).
    let refresher = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(20));
        loop {
            tick.tick().await;
            let result = refresher
                .store
                .refresh_dashboard(Utc::now(), refresher.today(), TimeDelta::seconds(30))
                .await;
            if let Err(e) = result {
                tracing::warn!(error = %e, "dashboard refresh failed");
            }
        }
    });

    let listener = tokio::net::TcpListener::bind(&args.listen).await?;
    if let (Some(cert), Some(key)) = (&args.tls_cert, &args.tls_key) {
        serve_tls(listener, app(state), cert, key).await?;
        tracing::info!("shut down cleanly");
        return Ok(());
    }
    tracing::info!(listen = %args.listen, engine = store.engine(), "jiekang serving");
    // Peer addresses feed the per-address login lockout.
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    tracing::info!("shut down cleanly");
    Ok(())
}

/// HTTPS with rustls (ring provider) on the bound listener; every
/// response carries HSTS. Shuts down gracefully like the plain server.
async fn serve_tls(
    listener: tokio::net::TcpListener,
    router: axum::Router,
    cert: &Path,
    key: &Path,
) -> Result<(), Box<dyn std::error::Error>> {
    let config = RustlsConfig::from_pem_file(cert, key).await.map_err(|e| {
        format!(
            "无法读取 TLS 证书或私钥 {} / {} (cannot load the TLS certificate or key): {e}",
            cert.display(),
            key.display()
        )
    })?;
    let router = router.layer(SetResponseHeaderLayer::if_not_present(
        header::STRICT_TRANSPORT_SECURITY,
        HeaderValue::from_static("max-age=31536000"),
    ));
    let addr = listener.local_addr()?;
    let handle = axum_server::Handle::new();
    let stopper = handle.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        stopper.graceful_shutdown(Some(Duration::from_secs(30)));
    });
    tracing::info!(listen = %addr, "jiekang serving HTTPS");
    axum_server::from_tcp_rustls(listener.into_std()?, config)?
        .handle(handle)
        .serve(router.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutdown requested; finishing requests in flight");
}

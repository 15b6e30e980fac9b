# The Greenhouse container: serves the bundled Feed Scraper on 0.0.0.0:9010.
#   docker build -t greenhouse .
#   docker run --rm -p 9010:9010 greenhouse
# Settings: GREENHOUSE_* environment variables, e.g. -e GREENHOUSE_FEEDSCRAPER_POOL_SIZE=200.

# --- build: the jars, with Maven ------------------------------------------------
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY pom.xml ./
COPY app-spi app-spi
COPY server server
COPY feedscraper feedscraper
COPY conf conf
RUN mvn -B -ntp -q -DskipTests package \
 && sh feedscraper/docker/assemble.sh /src /opt/greenhouse

# --- run: a slim Java runtime, as a user without privileges ---------------------
FROM eclipse-temurin:21-jre
RUN useradd --system --uid 10001 --home-dir /opt/greenhouse --shell /usr/sbin/nologin greenhouse
COPY --from=build /opt/greenhouse /opt/greenhouse
WORKDIR /opt/greenhouse
# By number: Kubernetes' runAsNonRoot can only verify a numeric user
USER 10001
# The grace fits inside docker stop's default 10 s, so a stop with requests in flight still
# exits 0; raise both together (docker stop -t) for longer requests.
ENV GREENHOUSE_SERVER_BIND=0.0.0.0:9010 \
    GREENHOUSE_SERVER_SHUTDOWN_GRACE=8s \
    JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 9010
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["/opt/greenhouse/bin/healthcheck"]
# Java is PID 1 (exec form, no shell), so `docker stop`'s SIGTERM reaches the launcher, which
# stops gracefully (server.shutdown-grace, 8 s here).
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-Dgreenhouse.home=/opt/greenhouse", "-cp", "/opt/greenhouse/lib/*", "io.greenhouse.server.Launcher"]

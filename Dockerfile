# BeliefStream service image. Build: docker build -t beliefstream .   (or: docker compose up --build)
# Run:   docker run -e BELIEFSTREAM_GATEWAY_TOKENS='ops-5f1c9a:read,write;view-83be20:read' -p 8080:8080 beliefstream
# The image binds 0.0.0.0, so it refuses to start without gateway tokens (BELIEFSTREAM_GATEWAY_ALLOW_UNAUTHENTICATED=true
# serves the API open on purpose).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -ntp -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 beliefstream && mkdir -p /var/lib/beliefstream && chown beliefstream /var/lib/beliefstream
WORKDIR /opt/beliefstream
COPY --from=build /src/app/target/beliefstream.jar ./beliefstream.jar
COPY --from=build /src/app/target/lib ./lib
USER beliefstream
ENV OMP_NUM_THREADS=1 \
    BELIEFSTREAM_HTTP_HOST=0.0.0.0 \
    BELIEFSTREAM_HTTP_PORT=8080 \
    JAVA_TOOL_OPTIONS="-Xmx2g -XX:+UseZGC -Dorg.bytedeco.javacpp.cachedir=/var/lib/beliefstream/javacpp"
EXPOSE 8080
VOLUME ["/var/lib/beliefstream"]
# jdk.incubator.vector: the VQ nearest-code scan uses the vector API when the module is present
ENTRYPOINT ["java", "--add-modules", "jdk.incubator.vector", "-jar", "/opt/beliefstream/beliefstream.jar"]
CMD ["serve"]

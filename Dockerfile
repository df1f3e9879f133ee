# A Teraslice.Akka node. Build: docker build -t teraslice-akka .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Node.Host/Teraslice.Akka.Node.Host.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# 5678: REST API; 5679: Akka.Remote (nodes talk to each other)
EXPOSE 5678 5679
VOLUME /data
ENTRYPOINT ["dotnet", "teraslice.dll", "--hostname", "0.0.0.0", "--data-dir", "/data"]

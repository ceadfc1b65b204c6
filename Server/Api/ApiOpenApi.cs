using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AdventureServer.Server.Api;

/// <summary>What <c>/openapi/v1.json</c> says beyond what the endpoints' metadata gives.</summary>
public static class ApiOpenApi
{
    const string Scheme = "bearer";

    public static void Configure(OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "sk-adv-…",
                Description = "An account's API key (AdventureServer apikey create USER), sent as 'Authorization: Bearer sk-adv-…'.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            // The operations that can answer 401 are the ones that need a key.
            if (operation.Responses?.ContainsKey("401") == true)
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, context.Document)] = [] }];
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, _, _) =>
        {
            // ASP.NET's web defaults read numbers from strings, so the generator offers "integer or string"; the API's own
            // reader does not (a string max_tokens is a 400), so the document says what is accepted.
            if (schema.Type is { } type && type.HasFlag(JsonSchemaType.String) && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)))
            {
                schema.Type = type & ~JsonSchemaType.String;
                schema.Pattern = null;
            }
            return Task.CompletedTask;
        });
    }
}

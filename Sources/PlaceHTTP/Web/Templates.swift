// The web Sharing Space's Mustache templates. Every page extends `layout`; `{{x}}` escapes HTML,
// so text from documents cannot inject markup. No inline script or style (the CSP forbids both):
// behaviour is in /assets/app.js, looks in /assets/app.css.

enum Templates {
    static let all: [String: String] = [
        "layout": layout, "login": login, "error": error, "home": home, "projects": projects,
        "project": project, "projectForm": projectForm, "note": note, "directory": directory, "report": report,
        "sync": sync, "spaces": spaces, "pdsaForm": pdsaForm, "field_date_point": fieldDatePoint, "override": override,
    ]

    static let layout = #"""
        <!doctype html>
        <html lang="en-GB">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <link rel="icon" href="data:,">
        <title>{{$title}}PlaceSync{{/title}} · PlaceSync</title>
        <link rel="stylesheet" href="/assets/app.css">
        <script src="/assets/app.js" defer></script>
        {{#csrf}}<meta name="csrf-token" content="{{csrf}}">{{/csrf}}
        </head>
        <body{{#space}} data-space="{{space.id}}"{{/space}}>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
          <a class="brand" href="/">PlaceSync <span>Sharing Space</span></a>
          {{#space}}
          <nav aria-label="Main">
            <ul>
              <li><a href="/s/{{space.id}}"{{#nav.home}} aria-current="page"{{/nav.home}}>Home</a></li>
              <li><a href="/s/{{space.id}}/projects"{{#nav.projects}} aria-current="page"{{/nav.projects}}>Projects</a></li>
              <li><a href="/s/{{space.id}}/report"{{#nav.report}} aria-current="page"{{/nav.report}}>Report</a></li>
              <li><a href="/s/{{space.id}}/people"{{#nav.people}} aria-current="page"{{/nav.people}}>People</a></li>
              <li><a href="/s/{{space.id}}/sync"{{#nav.sync}} aria-current="page"{{/nav.sync}}>Sync <span class="dot {{syncClass}}" aria-hidden="true"></span></a></li>
            </ul>
          </nav>
          {{/space}}
          {{#csrf}}
          <div class="session">
            {{#space}}<a class="space-name" href="/spaces" title="Change space">{{space.name}}</a>{{/space}}
            <form method="post" action="/logout"><input type="hidden" name="_csrf" value="{{csrf}}"><button class="link" type="submit">Log out</button></form>
          </div>
          {{/csrf}}
        </header>
        <div class="live" role="status" aria-live="polite" id="live-status"></div>
        <main id="main" tabindex="-1">
        {{$content}}{{/content}}
        </main>
        <footer class="foot">PlaceSync · your replica, on this machine · works offline</footer>
        </body>
        </html>
        """#

    static let login = #"""
        {{<layout}}
        {{$title}}Log in{{/title}}
        {{$content}}
        <section class="card narrow">
          <h1>Log in to the Sharing Space</h1>
          <p>Paste this node's access token. It is in the file <code>http.token</code> in the node's folder
          (<code>placesyncd</code> printed its path when it started).</p>
          {{#message}}<p class="error" role="alert">{{message}}</p>{{/message}}
          <form method="post" action="/login">
            <label for="token">Access token</label>
            <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
            <button type="submit">Log in</button>
          </form>
        </section>
        {{/content}}
        {{/layout}}
        """#

    static let error = #"""
        {{<layout}}
        {{$title}}{{title}}{{/title}}
        {{$content}}
        <section class="card narrow">
          <h1>{{title}}</h1>
          <p>{{detail}}</p>
          <p><a href="/">Back to the Sharing Space</a></p>
        </section>
        {{/content}}
        {{/layout}}
        """#

    static let spaces = #"""
        {{<layout}}
        {{$title}}Spaces{{/title}}
        {{$content}}
        <h1>Your spaces</h1>
        {{#spaces_any}}
        <ul class="cards">
        {{#spaces}}
          <li class="card"><h2><a href="/s/{{id}}">{{name}}</a></h2><p>{{explanation}}</p></li>
        {{/spaces}}
        </ul>
        {{/spaces_any}}
        {{^spaces_any}}
        <p>This node holds no space yet. Create one with <code>placesync create-space "My practice"</code>,
        or join one with an invite: <code>placesync join &lt;invite&gt;</code>.</p>
        {{/spaces_any}}
        {{/content}}
        {{/layout}}
        """#

    static let fieldDatePoint = #"""
        <div><label for="p-date">Date</label><input id="p-date" name="date" type="date" value="{{today}}" required{{#errors.date}} aria-invalid="true" aria-describedby="p-date-err"{{/errors.date}}>{{#errors.date}}<p class="field-error" id="p-date-err">{{errors.date}}</p>{{/errors.date}}</div>
        """#

    static let override = #"""
        {{#pidFlagged}}
        <div class="override"><label for="override-{{pidFlagged}}">This is not patient data because… <span class="muted">(write a reason to save anyway; it is recorded)</span></label><input id="override-{{pidFlagged}}" name="override"></div>
        {{/pidFlagged}}
        """#
}

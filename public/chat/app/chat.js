// The web chat page: gets a token from Front Door, then runs Microsoft's Web Chat on our own Direct Line endpoint.
// Plain browser JavaScript, no build step; Web Chat itself is served from node_modules (/chat/webchat.js).
'use strict';
(function () {
  var KEY = 'frontdoor.chat';
  var ONLINE = 2;
  var EXPIRED = 3;
  var FAILED = 4;
  var ENDED = 5;
  var chat = document.getElementById('chat');
  var status = document.getElementById('chat-status');
  var endButton = document.getElementById('end-chat');
  var ended = document.getElementById('chat-ended');
  var unavailable = document.getElementById('chat-unavailable');
  var connectingText = status.textContent;
  var directLine;
  var session;

  function remembered() {
    try {
      var s = JSON.parse(sessionStorage.getItem(KEY));
      // A token about to expire would fail mid-sentence: start afresh instead.
      return s && s.expiresAt - Date.now() > 60000 ? s : null;
    } catch (e) {
      return null;
    }
  }

  function remember() {
    sessionStorage.setItem(KEY, JSON.stringify(session));
  }

  function newSession() {
    return fetch('/api/chat/token', { method: 'POST', headers: { accept: 'application/json' } }).then(function (res) {
      if (!res.ok) throw new Error('token request failed: ' + res.status);
      return res.json().then(function (t) {
        return {
          token: t.token,
          conversationId: t.conversationId,
          userId: t.userId,
          expiresAt: Date.now() + t.expires_in * 1000,
          started: false,
        };
      });
    });
  }

  // One state on screen at a time: connecting, online, ended or unavailable.
  function show(state) {
    status.textContent = state === 'connecting' ? connectingText : '';
    document.getElementById('webchat').hidden = state === 'ended' || state === 'unavailable';
    endButton.hidden = state !== 'online';
    ended.hidden = state !== 'ended';
    unavailable.hidden = state !== 'unavailable';
    if (state === 'ended' || state === 'unavailable') {
      chat.focus();
    }
  }

  // Web Chat cannot be unmounted from outside React, so each chat gets a fresh element.
  function freshHost() {
    var old = document.getElementById('webchat');
    var host = document.createElement('div');
    host.id = 'webchat';
    host.className = old.className;
    old.replaceWith(host);
    return host;
  }

  function start() {
    show('connecting');
    var existing = remembered();
    (existing ? Promise.resolve(existing) : newSession())
      .then(function (s) {
        session = s;
        remember();
        directLine = window.WebChat.createDirectLine({
          token: session.token,
          domain: window.location.origin + '/v3/directline',
          // Only a chat that really started can be resumed (after a reload); a new token starts a new one.
          conversationId: session.started ? session.conversationId : undefined,
          webSocket: true,
        });
        directLine.connectionStatus$.subscribe(function (connection) {
          if (connection === ONLINE) {
            session.started = true;
            remember();
            show('online');
          } else if (connection === FAILED) {
            sessionStorage.removeItem(KEY);
            show('unavailable');
          } else if (connection === EXPIRED || connection === ENDED) {
            sessionStorage.removeItem(KEY);
            show('ended');
          }
        });
        window.WebChat.renderWebChat(
          {
            directLine: directLine,
            userID: session.userId,
            locale: 'en-GB',
            styleOptions: {
              accent: '#005eb8',
              primaryFont: 'Frutiger W01, Arial, sans-serif',
              bubbleBackground: '#ffffff',
              bubbleBorderColor: '#d8dde0',
              bubbleBorderWidth: 1,
              bubbleFromUserBackground: '#005eb8',
              bubbleFromUserTextColor: '#ffffff',
              bubbleFromUserBorderColor: '#005eb8',
              bubbleFromUserBorderWidth: 1,
              subtle: '#4c6272',
              timestampColor: '#4c6272',
              suggestedActionLayout: 'flow',
              suggestedActionBackgroundColor: '#ffffff',
              suggestedActionBorderColor: '#005eb8',
              suggestedActionBorderWidth: 2,
              suggestedActionTextColor: '#005eb8',
              suggestedActionBorderRadius: 4,
              sendBoxTextWrap: true,
              hideUploadButton: true,
            },
          },
          freshHost(),
        );
      })
      .catch(function () {
        show('unavailable');
      });
  }

  function end() {
    var finish = function () {
      endButton.disabled = false;
      directLine.end();
      sessionStorage.removeItem(KEY);
      freshHost();
      show('ended');
    };
    endButton.disabled = true;
    directLine.postActivity({ type: 'endOfConversation', from: { id: session.userId } }).subscribe({
      next: finish,
      error: finish,
    });
  }

  endButton.addEventListener('click', end);
  document.getElementById('start-again').addEventListener('click', start);
  document.getElementById('try-again').addEventListener('click', start);
  start();
})();

"""Fake Kling AI API, held to Kling's API documentation and its error codes.

Every call carries `Authorization: Bearer <JWT>`: header `{"alg": "HS256", "typ": "JWT"}`, claims `iss` (the access
key), `exp` and `nbf`, signed with the secret key; a bad token is HTTP 401 with a 1000s code. Answers are
`{"code", "message", "request_id", "data"}`; a task is `{task_id, task_status, task_status_msg?,
task_info: {external_task_id}, task_result?, created_at, updated_at}` (Unix milliseconds). `external_task_id` is
unique per account. Account and balance problems (1100–1102) and the IP allow-list policy (1304) come with HTTP 429,
as rate limits (1302, 1303) do; a model or API the account may not use (1103) with 403;
`world.account_problems["kling"] = code` makes every create fail so (every call, for 1304).
`GET /v1/videos/text2video?pageNum=&pageSize=` lists tasks, newest first: the documented way to find a task by its
external_task_id (the single-task query takes Kling's own task id only).
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import jwt

from tests.fakes.world import FakeResponse, FakeTask, ProviderFake, json_response, prompt_hash

FAKE_KLING_ACCESS_KEY = "fake-kling-access"
FAKE_KLING_SECRET_KEY = "fake-kling-secret-0123456789abcdef"
MODELS = ("kling-v1", "kling-v1-6", "kling-v2-master", "kling-v2-1-master", "kling-v2-5-turbo")
STATUSES = {"pending": "submitted", "running": "processing", "done": "succeed"}
ACCOUNT_PROBLEMS = {
    1100: "Account exception",
    1101: "Account in arrears (postpaid scenario)",
    1102: "Resource pack depleted or expired (prepaid scenario)",
    1103: "Unauthorized access to requested resource, such as API/model",
    1304: "Trigger the platform's IP whitelisting policy",
}
ACCOUNT_PROBLEM_STATUS = {1103: 403}
IP_NOT_ALLOWED = 1304  # the others come with HTTP 429


def answer(status: int, code: int, message: str, data: Any = None) -> FakeResponse:
    body: dict[str, Any] = {"code": code, "message": message, "request_id": uuid.uuid4().hex}
    if data is not None:
        body["data"] = data
    return json_response(status, body)


def refusal(body: dict) -> str | None:
    """What Kling's validation (code 1201) says about a create body, or None when it is valid."""
    prompt = body.get("prompt")
    if not isinstance(prompt, str) or not prompt or len(prompt) > 2500:
        return "prompt is required and at most 2500 characters"
    if body.get("model_name", "kling-v1") not in MODELS:
        return "model_name is invalid"
    if body.get("mode", "std") not in ("std", "pro"):
        return "mode is invalid"
    if body.get("aspect_ratio", "16:9") not in ("16:9", "9:16", "1:1") or body.get("duration", "5") not in ("5", "10"):
        return "invalid aspect_ratio or duration"
    return None


class KlingFake(ProviderFake):
    name = "kling"

    def _auth_problem(self, headers: dict) -> FakeResponse | None:
        world = self.world
        authorization = headers.get("authorization", "")
        if not authorization.startswith("Bearer "):
            return answer(401, 1001, "Authorization is empty")
        token = authorization.removeprefix("Bearer ")
        try:
            header = jwt.get_unverified_header(token)
            options = {"require": ["iss", "exp", "nbf"], "verify_signature": world.strict_keys}
            options.update({"verify_exp": True, "verify_nbf": True})
            claims = jwt.decode(token, FAKE_KLING_SECRET_KEY, algorithms=["HS256"], options=options)
        except jwt.ExpiredSignatureError:
            return answer(401, 1004, "Authorization has expired")
        except jwt.ImmatureSignatureError:
            return answer(401, 1003, "Authorization is not yet valid")
        except jwt.PyJWTError:
            return answer(401, 1002, "Authorization is invalid")
        if header.get("typ") != "JWT" or header.get("alg") != "HS256":
            return answer(401, 1002, "Authorization is invalid")
        if not world.key_ok(str(claims.get("iss")), FAKE_KLING_ACCESS_KEY):
            return answer(401, 1002, "Authorization is invalid")
        return None

    def refuse_body(self, status: int, message: str) -> FakeResponse:
        return answer(status, 1200, message)  # 1200: the request's parameters are invalid

    def handle(self, method: str, path: str, query: dict[str, str], headers: dict, data: Any) -> FakeResponse:
        world = self.world
        refused = self._auth_problem(headers)
        if refused:
            return refused
        if world.account_problems.get("kling") == IP_NOT_ALLOWED:  # the IP allow-list refuses reads too
            return answer(429, IP_NOT_ALLOWED, ACCOUNT_PROBLEMS[IP_NOT_ALLOWED])
        if method == "POST" and path == "/v1/videos/text2video":
            return self._create(data)
        if method == "GET" and path == "/v1/videos/text2video":
            return self._list(query)
        match = re.fullmatch(r"/v1/videos/text2video/([\w-]+)", path)
        task = world.task("kling", match.group(1)) if match and method == "GET" else None
        if task is None:  # only Kling's own task id: an external_task_id here names no task
            return answer(404, 1203, "task not found")
        return answer(200, 0, "SUCCEED", self.render(task))

    def _list(self, query: dict[str, str]) -> FakeResponse:
        """`?pageNum=1..1000&pageSize=1..500` (defaults 1 and 30), newest first."""
        try:
            page, size = int(query.get("pageNum", "1")), int(query.get("pageSize", "30"))
        except ValueError:
            return answer(400, 1201, "pageNum and pageSize must be integers")
        if not (1 <= page <= 1000 and 1 <= size <= 500):
            return answer(400, 1201, "pageNum must be 1-1000 and pageSize 1-500")
        tasks = self.world.newest_first("kling")[(page - 1) * size : page * size]
        return answer(200, 0, "SUCCEED", [self.render(task) for task in tasks])

    def _create(self, data: dict) -> FakeResponse:
        world = self.world
        account_code = world.account_problems.get("kling")
        if account_code:  # arrears, no pack, IP not allowed (HTTP 429); model or API not permitted (HTTP 403)
            code = int(account_code)
            status = ACCOUNT_PROBLEM_STATUS.get(code, 429)
            return answer(status, code, ACCOUNT_PROBLEMS.get(code, "account problem"))
        problem = refusal(data)
        external_id = data.get("external_task_id")
        with world.lock:
            if external_id and world.by_external_id[external_id]:
                problem = "external_task_id already exists"
            if problem is None and external_id:
                world.by_external_id[external_id] += 1
        if problem:
            return answer(400, 1201, problem)
        prompt = data["prompt"]
        task = world.create("kling", "video", data, key=prompt_hash(prompt), callback_url=data.get("callback_url"))
        world.hold_submission("kling")
        return answer(200, 0, "SUCCEED", self.render(task))

    def render(self, task: FakeTask) -> dict:
        status = STATUSES.get(self.world.phase(task), "failed")
        created = int(task.created_at * 1000)
        rendered: dict[str, Any] = {
            "task_id": task.id,
            "task_status": status,
            "task_info": {"external_task_id": task.payload.get("external_task_id", "")},
            "created_at": created,
            "updated_at": created,
        }
        if status == "failed":
            safety = "Failure to pass the risk control system"
            rendered["task_status_msg"] = safety if task.fail == "safety" else "internal error"
        if status == "succeed":
            video = {"id": task.id, "url": self.world.output_url(task), "duration": "5"}
            rendered["task_result"] = {"videos": [video]}
        return rendered
